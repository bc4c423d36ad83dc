package io.keyguard.keys;

/** What could be learned about one key reference (a key id, key ARN, alias name or alias ARN). */
public sealed interface KeyResolution {

    /** KMS described the key. */
    record Resolved(KeyFacts facts) implements KeyResolution {
    }

    /** KMS would not describe the key: the rule cannot vouch for it either way. */
    record Unexaminable(Reason reason, String detail) implements KeyResolution {
        public enum Reason { ACCESS_DENIED, NOT_FOUND }
    }

    /** Before deployment (templates, plans) nobody asks KMS; only what the reference itself shows is known. */
    record NotChecked() implements KeyResolution {
    }
}
