package io.keyguard.rule;

import io.keyguard.configrule.Compliance;
import io.keyguard.configrule.Verdict;
import io.keyguard.keys.KeyFacts;
import io.keyguard.keys.KeyReferences;
import io.keyguard.keys.KeyResolution;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rule itself: whether an endpoint config encrypts its storage (and, when asked, its captured data, async
 * output and core dumps) with a KMS key its owner controls. Pure: it sees facts, parameters and what KMS said about
 * the keys, never an AWS client, a clock or a payload.
 */
final class EndpointConfigDecision {

    static final String NO_STORAGE_KEY = noStorageKey(Wording.LIVE, false);

    static final String NO_SERVERLESS_KEY = noStorageKey(Wording.LIVE, true);

    static String noStorageKey(Wording wording, boolean serverless) {
        return serverless
                ? "No " + wording.storageKey() + " on this serverless config: SageMaker encrypts its data with an"
                        + " AWS-owned key you cannot control. " + wording.setStorageKey(true)
                : "No " + wording.storageKey() + ": storage volumes use an AWS-owned key you cannot control. "
                        + wording.setStorageKey(false);
    }

    private EndpointConfigDecision() {
    }

    /** One key slot's outcome; problems make the config NON_COMPLIANT, unexaminable keys take their own verdict. */
    private record Finding(Kind kind, String text) {
        enum Kind { OK, PROBLEM, UNEXAMINABLE }
    }

    /**
     * The key references KMS must be asked about before {@link #decide} can judge this config: the keys the
     * config uses in the slots being checked, and the alias ARNs in kmsKeyArns (matched by the key behind them).
     */
    public static Set<String> keysToResolve(EndpointConfigFacts facts, RuleParameters parameters) {
        Set<String> references = new LinkedHashSet<>();
        for (Slot slot : slots(facts, parameters, localStorageVariants(facts, parameters), Wording.LIVE)) {
            // DescribeKey on a predefined alias/aws/... alias would create that AWS-managed key: never ask.
            if (slot.reference() != null && !KeyReferences.isAwsManagedAlias(slot.reference())) {
                references.add(slot.reference());
            }
        }
        if (!references.isEmpty()) {
            parameters.kmsKeyArns().stream().filter(KeyReferences::isAlias).forEach(references::add);
        }
        return references;
    }

    /** @param keys what KMS said about each reference from {@link #keysToResolve}; a missing one is not checked */
    public static Verdict decide(EndpointConfigFacts facts, RuleParameters parameters, Map<String, KeyResolution> keys) {
        return decide(facts, parameters, keys, Wording.LIVE);
    }

    /** As {@link #decide(EndpointConfigFacts, RuleParameters, Map)}, in the words of where the verdict is read. */
    static Verdict decide(EndpointConfigFacts facts, RuleParameters parameters, Map<String, KeyResolution> keys,
                          Wording wording) {
        Optional<Verdict> exempt = exemption(facts, parameters);
        if (exempt.isPresent()) {
            return exempt.get();
        }
        List<String> localStorage = localStorageVariants(facts, parameters);
        List<Finding> findings = new ArrayList<>();
        boolean storageChecked = localStorage.isEmpty();
        for (Slot slot : slots(facts, parameters, localStorage, wording)) {
            findings.add(check(slot, parameters, keys, wording));
        }
        List<Finding> problems = of(findings, Finding.Kind.PROBLEM);
        if (!localStorage.isEmpty() && parameters.localStorageVerdict() == Compliance.NON_COMPLIANT) {
            problems.add(0, new Finding(Finding.Kind.PROBLEM, localStorageText(localStorage, wording)
                    + " This rule is set to flag them (localStorageVerdict=NON_COMPLIANT); use other instance types."));
        }
        if (!problems.isEmpty()) {
            return Verdict.nonCompliant(join(problems));
        }
        List<Finding> unexaminable = of(findings, Finding.Kind.UNEXAMINABLE);
        if (!unexaminable.isEmpty()) {
            return new Verdict(parameters.unexaminableKeyVerdict(), join(unexaminable));
        }
        if (!storageChecked) {
            String text = localStorageText(localStorage, wording) + (findings.isEmpty() ? "" : " " + join(findings));
            return new Verdict(parameters.localStorageVerdict(), text);
        }
        return Verdict.compliant(join(findings));
    }

    /** Which key a slot holds; the text for a missing key depends on it. */
    private enum SlotKind { STORAGE, DATA_CAPTURE, ASYNC_OUTPUT, CORE_DUMP }

    /**
     * @param label      the key's field, as annotations name it
     * @param serverless true for the storage slot of a config whose variants are all serverless
     * @param variant    the variant a core-dump slot belongs to, as a sentence starts with it; null for other slots
     */
    private record Slot(SlotKind kind, String label, String reference, boolean serverless, String variant) {
        static Slot of(SlotKind kind, String label, String reference) {
            return new Slot(kind, label, reference, false, null);
        }
    }

    private static List<String> localStorageVariants(EndpointConfigFacts facts, RuleParameters parameters) {
        return LocalStorageInstanceTypes.variantsOnLocalStorage(facts.variants(), parameters.localStorageInstanceTypes());
    }

    /**
     * The key slots this config must pass: storage unless the instances bring their own encryption.
     *
     * @param localStorage the variants on local-NVMe instance types, from {@link #localStorageVariants}
     */
    private static List<Slot> slots(EndpointConfigFacts facts, RuleParameters parameters, List<String> localStorage,
                                    Wording wording) {
        List<Slot> slots = new ArrayList<>();
        if (localStorage.isEmpty()) {
            boolean serverless = !facts.variants().isEmpty()
                    && facts.variants().stream().allMatch(VariantFacts::serverless);
            slots.add(new Slot(SlotKind.STORAGE, wording.storageKey(), facts.kmsKeyId(), serverless, null));
        }
        if (parameters.checkDataCaptureKey() && facts.dataCaptureEnabled()) {
            slots.add(Slot.of(SlotKind.DATA_CAPTURE, wording.dataCaptureKey(), facts.dataCaptureKmsKeyId()));
        }
        if (parameters.checkAsyncOutputKey() && facts.asyncInference()) {
            slots.add(Slot.of(SlotKind.ASYNC_OUTPUT, wording.asyncOutputKey(), facts.asyncOutputKmsKeyId()));
        }
        if (parameters.checkCoreDumpKey()) {
            // Core dumps go to S3 from every kind of instance, local storage or not: their key is always checked.
            for (VariantFacts variant : facts.variants()) {
                if (variant.coreDump() != null) {
                    slots.add(new Slot(SlotKind.CORE_DUMP, wording.coreDumpKey() + " of " + variant.label(),
                            variant.coreDump().kmsKeyId(), false,
                            (variant.shadow() ? "Shadow variant " : "Variant ") + variant.name()));
                }
            }
        }
        return slots;
    }

    private static Optional<Verdict> exemption(EndpointConfigFacts facts, RuleParameters parameters) {
        String tagKey = parameters.exemptionTagKey();
        if (tagKey == null || !facts.tags().containsKey(tagKey)) {
            return Optional.empty();
        }
        return Optional.of(Verdict.notApplicable("Exempt: the config carries the exemption tag " + tagKey + "="
                + facts.tags().get(tagKey) + " (exemptionTagKey). Remove the tag to have it evaluated."));
    }

    private static Finding check(Slot slot, RuleParameters parameters, Map<String, KeyResolution> keys,
                                 Wording wording) {
        String ref = slot.reference();
        if (ref == null) {
            return problem(switch (slot.kind()) {
                case STORAGE -> noStorageKey(wording, slot.serverless());
                case DATA_CAPTURE -> "Data capture is on but " + wording.dataCaptureKey() + " is not set, so"
                        + " captured data is not under your key. " + wording.setOtherKey(wording.dataCaptureKey());
                case ASYNC_OUTPUT -> "Async inference output has no " + wording.asyncOutputKey() + ". "
                        + wording.setOtherKey(wording.asyncOutputKey());
                case CORE_DUMP -> slot.variant() + " writes core dumps to S3 without " + wording.coreDumpKey()
                        + ", so S3's AWS-managed key encrypts them. " + wording.setOtherKey(wording.coreDumpKey());
            });
        }
        KeyResolution resolution = keys.getOrDefault(ref, new KeyResolution.NotChecked());
        String subject = slot.label() + " " + ref;
        if (resolution instanceof KeyResolution.Unexaminable u) {
            return new Finding(Finding.Kind.UNEXAMINABLE, unexaminableText(subject, u, parameters));
        }
        KeyFacts key = resolution instanceof KeyResolution.Resolved r ? r.facts() : null;
        boolean awsManaged = key != null ? !key.customerManaged() : KeyReferences.isAwsManagedAlias(ref);
        if (parameters.requireCustomerManagedKey() && awsManaged) {
            return problem(subject + " is an AWS-managed key, whose policy you do not control. "
                    + wording.useAnotherKey("a customer-managed key"));
        }
        if (parameters.restrictsKeys() && !listed(ref, key, parameters, keys)) {
            return problem(subject + " is not listed in kmsKeyArns. " + wording.useAListedKey());
        }
        if (key == null) {
            return new Finding(Finding.Kind.OK, subject + " is set" + (parameters.restrictsKeys()
                    ? " and allowed by kmsKeyArns" : "") + (awsManaged ? " (an AWS-managed key)" : "")
                    + "; key state and manager were not checked.");
        }
        if (parameters.requireEnabledKey() && !key.enabled()) {
            return problem(stateText(subject, key, wording));
        }
        if (parameters.requireKeyRotation() && key.rotation() != KeyFacts.Rotation.ENABLED) {
            return problem(key.rotation() == KeyFacts.Rotation.NOT_SUPPORTED
                    ? subject + " cannot rotate automatically (asymmetric, imported or custom key store key)."
                            + " Use a rotatable customer-managed key."
                    : subject + " has automatic rotation off. Enable it on the key (kms:EnableKeyRotation).");
        }
        // Only the storage key is named when all is well: the annotation must stay within 256 characters.
        String okSubject = slot.kind() == SlotKind.STORAGE ? subject : slot.label();
        return new Finding(Finding.Kind.OK, okSubject + " is " + describe(key, parameters) + ".");
    }

    private static boolean listed(String ref, KeyFacts key, RuleParameters parameters, Map<String, KeyResolution> keys) {
        if (parameters.kmsKeyArns().contains(ref)) {
            return true;
        }
        if (key == null) {
            return false;
        }
        for (String entry : parameters.kmsKeyArns()) {
            if (entry.equals(key.keyArn())) {
                return true;
            }
            if (keys.get(entry) instanceof KeyResolution.Resolved aliasTarget
                    && aliasTarget.facts().keyArn().equals(key.keyArn())) {
                return true;
            }
        }
        return false;
    }

    private static String describe(KeyFacts key, RuleParameters parameters) {
        List<String> parts = new ArrayList<>();
        parts.add(key.customerManaged() ? "customer-managed" : "AWS-managed");
        parts.add(key.keyState());
        if (key.rotation() == KeyFacts.Rotation.ENABLED) {
            parts.add("rotating");
        }
        if (parameters.restrictsKeys()) {
            parts.add("allowed by kmsKeyArns");
        }
        return String.join(", ", parts);
    }

    private static String stateText(String subject, KeyFacts key, Wording wording) {
        return switch (key.keyState()) {
            case "PendingDeletion", "PendingReplicaDeletion" -> subject + " is " + key.keyState()
                    + (key.deletionDate() == null ? "" : " (deleted on "
                            + key.deletionDate().atOffset(ZoneOffset.UTC).toLocalDate() + ")")
                    + ". Cancel the deletion or " + wording.switchTo("another key") + ".";
            case "Disabled" -> subject + " is Disabled. Enable the key or "
                    + wording.switchTo("an enabled customer-managed key") + ".";
            case "PendingImport" -> subject + " is PendingImport: its key material was never imported. Import it or"
                    + " use another key.";
            default -> subject + " is " + key.keyState() + ", not Enabled. Make the key usable or use another key.";
        };
    }

    private static String unexaminableText(String subject, KeyResolution.Unexaminable u, RuleParameters parameters) {
        String grant = "kms:DescribeKey" + (parameters.requireKeyRotation() ? " and kms:GetKeyRotationStatus" : "");
        return switch (u.reason()) {
            case ACCESS_DENIED -> subject + " could not be examined: KMS denied access. Allow the rule's role "
                    + grant + " in the key policy.";
            case NOT_FOUND -> subject + " was not found by KMS (deleted, or in another account or region). Use an"
                    + " existing customer-managed key.";
        };
    }

    private static String localStorageText(List<String> variants, Wording wording) {
        return "Variant(s) " + String.join(", ", variants) + " have local NVMe storage, encrypted by the instance"
                + " hardware; a " + wording.storageKey() + " does not encrypt it.";
    }

    private static Finding problem(String text) {
        return new Finding(Finding.Kind.PROBLEM, text);
    }

    private static List<Finding> of(List<Finding> findings, Finding.Kind kind) {
        return findings.stream().filter(f -> f.kind() == kind).collect(Collectors.toCollection(ArrayList::new));
    }

    private static String join(List<Finding> findings) {
        return findings.stream().map(Finding::text).collect(Collectors.joining(" "));
    }
}
