package io.keyguard.iac;

import io.keyguard.keys.KeyFacts;

/**
 * What an attribute of Terraform source comes to offline: a literal, null, a key this configuration creates, a
 * reference Terraform resolves (an alias, a data source), or an expression that only Terraform can evaluate. Nothing is
 * guessed: what is not known is named, with why.
 */
sealed interface TerraformValue {

    /** How the attribute was written, followed through variables and locals: {@code var.key_arn}. */
    String expression();

    /** A string, number, Boolean, map or list written out (directly, or as a variable's value). */
    record Literal(Object value, String expression, String source) implements TerraformValue {
    }

    /** {@code null}, an empty string, or an attribute not written at all. */
    record Null(String expression) implements TerraformValue {
    }

    /**
     * A key the configuration itself creates ({@code aws_kms_key.NAME}).
     *
     * @param resource the key's address, {@code aws_kms_key.model}
     * @param facts    what its block declares (customer-managed, its state and rotation), or null when that is known
     *                 only when Terraform plans
     */
    record KeyCreatedHere(String expression, String resource, KeyFacts facts) implements TerraformValue {
    }

    /** A reference Terraform resolves from AWS (a KMS alias, a data source): set, and not checked offline. */
    record Reference(String expression) implements TerraformValue {
    }

    /** Known only when Terraform plans: an interpolation, a conditional, a function, a variable with no value here. */
    record Unknown(String expression, String why) implements TerraformValue {
    }
}
