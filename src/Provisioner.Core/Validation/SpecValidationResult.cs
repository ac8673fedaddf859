using System.Diagnostics.CodeAnalysis;
using Provisioner.Core.Spec;

namespace Provisioner.Core.Validation;

/// <summary>Either a normalized spec (defaults filled) or every error found, never both.</summary>
public sealed record SpecValidationResult(EnvironmentSpec? Spec, IReadOnlyList<SpecError> Errors)
{
    [MemberNotNullWhen(true, nameof(Spec))]
    public bool IsValid => Spec is not null;
}
