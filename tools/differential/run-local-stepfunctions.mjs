// Runs state machine definitions on aws-local-stepfunctions (an independent ASL interpreter)
// for the differential tests in tests/Provisioner.StateMachine.Tests/Differential.
//
// stdin:  [{ "id": "...", "definition": {...}, "input": <any JSON> }, ...]
// stdout: [{ "id": "...", "status": "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "INVALID",
//            "output"?: <any JSON>, "error"?: string, "cause"?: string }, ...]
// Executions run concurrently; Wait states wait in real time (keep them short).
// The package's definition validation (asl-validator) is off: it compiles its JSON schemas for
// every state machine (most of a second each on a busy machine), and the comparison is about
// execution semantics; definitions are validated with asl-validator elsewhere in the suite.
import { StateMachine } from 'aws-local-stepfunctions';

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function causeText(cause) {
  if (cause === undefined || cause === null) return null;
  return typeof cause === 'string' ? cause : JSON.stringify(cause);
}

async function runOne({ id, definition, input }) {
  let machine;
  try {
    machine = new StateMachine(definition, { validationOptions: { noValidate: true } });
  } catch (e) {
    return { id, status: 'INVALID', error: e.name ?? 'Error', cause: String(e.message ?? e) };
  }
  try {
    const execution = machine.run(input);
    const output = await execution.result;
    return { id, status: 'SUCCEEDED', output: output === undefined ? null : output };
  } catch (e) {
    if (e?.name === 'ExecutionTimeoutError') return { id, status: 'TIMED_OUT' };
    if (e?.name === 'ExecutionAbortedError') return { id, status: 'ABORTED' };
    // ExecutionError wraps the runtime error: its name is the ASL error, its message the cause.
    const inner = e?.cause ?? e;
    return { id, status: 'FAILED', error: inner?.name ?? 'Error', cause: causeText(inner?.message) };
  }
}

const cases = JSON.parse(await readStdin());
const results = await Promise.all(cases.map(runOne));
process.stdout.write(JSON.stringify(results));
