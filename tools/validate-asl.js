#!/usr/bin/env node
// Validates Amazon States Language definitions with two independent tools: asl-validator (the ASL
// JSON schema and path checks) and amazon-states-language-service (the validation behind the AWS
// Toolkit's editor). Prints one line per problem and exits 1 if any definition has one.
// Usage: node tools/validate-asl.js statemachine/*.asl.json
'use strict';
const fs = require('fs');
const path = require('path');
const aslValidator = require('asl-validator');
const { getLanguageService, TextDocument } = require('amazon-states-language-service');

async function languageServiceProblems(file, text) {
  const service = getLanguageService({});
  const document = TextDocument.create(`file://${path.resolve(file)}`, 'json', 1, text);
  const json = service.parseJSONDocument(document);
  const diagnostics = await service.doValidation(document, json);
  return diagnostics.map(d => `${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: asl-language-service: ${d.message}`);
}

function validatorProblems(file, text) {
  const { isValid, errorsText } = aslValidator(JSON.parse(text));
  return isValid ? [] : errorsText('\n').split('\n').map(e => `${file}: asl-validator: ${e}`);
}

(async () => {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error('usage: validate-asl.js FILE...');
    process.exit(2);
  }
  let problems = [];
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    problems = problems.concat(validatorProblems(file, text), await languageServiceProblems(file, text));
  }
  for (const p of problems) console.log(p);
  if (problems.length === 0) console.log(`${files.length} definition(s) valid`);
  process.exit(problems.length === 0 ? 0 : 1);
})().catch(e => { console.error(e.stack || String(e)); process.exit(2); });
