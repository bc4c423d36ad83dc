package io.keyguard.configrule;

/**
 * The verdicts AWS Config's contract makes without the rule's decision, each NOT_APPLICABLE: there is nothing the
 * rule could judge. Every door that meets one of these cases (the Config runner, a Terraform plan that deletes a
 * resource) reports it from here.
 */
public final class ResourceStates {

    private ResourceStates() {
    }

    /** A change notification for a resource type the rule does not evaluate; reported on that resource's type. */
    static Verdict outOfScope(String ruleType, String otherType) {
        return Verdict.notApplicable("This rule evaluates only " + ruleType + "; " + otherType + " is out of scope.");
    }

    /** Config says the resource left the rule's scope (eventLeftScope). */
    static Verdict leftScope(String noun) {
        return Verdict.notApplicable("The " + noun + " left the rule's scope.");
    }

    /** The configuration item is for a deleted or unrecorded resource: ResourceDeleted, ResourceNotRecorded, ... */
    static Verdict itemStatus(String status) {
        return Verdict.notApplicable("Configuration item status is " + status + ": nothing to evaluate.");
    }

    /** The resource was deleted between the notification (or listing) and the describe call. */
    static Verdict deletedBeforeDescribed(String noun) {
        return Verdict.notApplicable("The " + noun + " no longer exists (deleted before it could be described).");
    }

    /** A periodic run's earlier COMPLIANT or NON_COMPLIANT result for a resource that is no longer listed. */
    static Verdict retired(String noun) {
        return Verdict.notApplicable("The " + noun + " no longer exists; its earlier result is retired.");
    }

    /** Before deployment: what is planned leaves no resource to judge, for the reason given. */
    public static Verdict nothingDeployed(String why) {
        return Verdict.notApplicable(why);
    }
}
