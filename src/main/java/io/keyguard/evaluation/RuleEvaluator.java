package io.keyguard.evaluation;

import io.keyguard.config.ConfigRuleInvocation;
import io.keyguard.config.Evaluation;
import io.keyguard.config.InvokingEvent;
import io.keyguard.rule.EndpointConfigDecision;
import io.keyguard.rule.EndpointConfigFacts;
import io.keyguard.rule.KeyResolution;
import io.keyguard.rule.RuleParameters;
import io.keyguard.rule.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Owns the AWS Config contract around the pure decision: which resources an invocation covers, when a
 * resource is NOT_APPLICABLE without a decision, and which evaluations a periodic run must clean up.
 */
public final class RuleEvaluator {

    public static final String RESOURCE_TYPE = "AWS::SageMaker::EndpointConfig";

    private final EndpointConfigSource endpointConfigs;
    private final KeyDirectory keys;
    private final EvaluationHistory history;
    private final int describeConcurrency;

    public RuleEvaluator(EndpointConfigSource endpointConfigs, KeyDirectory keys, EvaluationHistory history) {
        this(endpointConfigs, keys, history, ConcurrentDescriber.DEFAULT_CONCURRENCY);
    }

    /** @param describeConcurrency how many configs a periodic run describes at once */
    public RuleEvaluator(EndpointConfigSource endpointConfigs, KeyDirectory keys, EvaluationHistory history,
                         int describeConcurrency) {
        this.endpointConfigs = endpointConfigs;
        this.keys = keys;
        this.history = history;
        this.describeConcurrency = describeConcurrency;
    }

    public EvaluationRun evaluate(ConfigRuleInvocation invocation) {
        return evaluate(invocation, evaluation -> { });
    }

    /**
     * @param decided receives each evaluation as soon as it is decided, so a periodic run over thousands of
     *                configs can report as it goes
     */
    public EvaluationRun evaluate(ConfigRuleInvocation invocation, Consumer<Evaluation> decided) {
        KeyCache keyCache = new KeyCache(keys, invocation.parameters().requireKeyRotation());
        if (invocation.invokingEvent() instanceof InvokingEvent.ResourceChange change) {
            EvaluationRun run = evaluateChange(change, invocation, keyCache);
            run.evaluations().forEach(decided);
            return run;
        }
        return evaluatePeriodic((InvokingEvent.Scheduled) invocation.invokingEvent(), invocation, keyCache, decided);
    }

    private EvaluationRun evaluateChange(InvokingEvent.ResourceChange change, ConfigRuleInvocation invocation,
                                         KeyCache keyCache) {
        Instant ordering = change.captureTime();
        if (!RESOURCE_TYPE.equals(change.resourceType())) {
            return single(Evaluation.of(change.resourceType(), change.resourceId(), Verdict.notApplicable(
                    "This rule evaluates only " + RESOURCE_TYPE + "; " + change.resourceType()
                            + " is out of scope."), ordering));
        }
        if (invocation.eventLeftScope()) {
            return single(Evaluation.of(RESOURCE_TYPE, change.resourceId(),
                    Verdict.notApplicable("The endpoint config left the rule's scope."), ordering));
        }
        if (change.resourceGoneOrUnrecorded()) {
            return single(Evaluation.of(RESOURCE_TYPE, change.resourceId(), Verdict.notApplicable(
                    "Configuration item status is " + change.status() + ": nothing to evaluate."), ordering));
        }
        String name = EndpointConfigIds.nameOf(change.resourceId(), change.resourceName());
        try {
            Verdict verdict = decide(endpointConfigs.describe(name), invocation.parameters(), keyCache);
            return single(Evaluation.of(RESOURCE_TYPE, change.resourceId(), verdict, ordering));
        } catch (AwsCallException e) {
            return new EvaluationRun(List.of(), List.of(failure(change.resourceId(), e)));
        }
    }

    private EvaluationRun evaluatePeriodic(InvokingEvent.Scheduled scheduled, ConfigRuleInvocation invocation,
                                           KeyCache keyCache, Consumer<Evaluation> decided) {
        Instant ordering = scheduled.notificationCreationTime();
        List<Evaluation> evaluations = new ArrayList<>();
        List<ResourceFailure> failures = new ArrayList<>();
        Consumer<Evaluation> record = evaluation -> {
            evaluations.add(evaluation);
            decided.accept(evaluation);
        };
        Set<String> existing = new HashSet<>();
        boolean listedEverything = true;
        try (ConcurrentDescriber<Outcome> describer = new ConcurrentDescriber<>(describeConcurrency,
                outcome -> outcome.record(record, failures))) {
            try {
                endpointConfigs.forEachEndpointConfig(ref -> {
                    existing.add(normalized(ref.arn()));
                    existing.add(normalized(ref.name()));
                    describer.submit(() -> describeAndDecide(ref, invocation.parameters(), keyCache, ordering));
                });
            } catch (AwsCallException e) {
                listedEverything = false;
                failures.add(failure(e.resource(), e));
            }
            // Configs listed before a listing failure are still evaluated and reported.
            describer.finish();
        }
        // Without the full listing a live config could look deleted, so clean-up waits for a complete run.
        if (listedEverything) {
            try {
                history.forEachActiveResult(invocation.configRuleName(), earlier -> {
                    if (RESOURCE_TYPE.equals(earlier.resourceType())
                            && !existing.contains(normalized(earlier.resourceId()))) {
                        record.accept(Evaluation.of(RESOURCE_TYPE, earlier.resourceId(), Verdict.notApplicable(
                                "The endpoint config no longer exists; its earlier result is retired."), ordering));
                        existing.add(normalized(earlier.resourceId()));
                    }
                });
            } catch (AwsCallException e) {
                failures.add(failure(invocation.configRuleName(), e));
            }
        }
        return new EvaluationRun(evaluations, failures);
    }

    /** Runs on a describer thread: one listed config, described and decided, or the call that failed. */
    private Outcome describeAndDecide(EndpointConfigRef ref, RuleParameters parameters, KeyCache keyCache,
                                      Instant ordering) {
        try {
            Verdict verdict = decide(endpointConfigs.describe(ref.name()), parameters, keyCache);
            return new Outcome(Evaluation.of(RESOURCE_TYPE, ref.arn(), verdict, ordering), null);
        } catch (AwsCallException e) {
            return new Outcome(null, failure(ref.arn(), e));
        }
    }

    /** Either an evaluation or why there is none. */
    private record Outcome(Evaluation evaluation, ResourceFailure failure) {
        void record(Consumer<Evaluation> evaluations, List<ResourceFailure> failures) {
            if (evaluation != null) {
                evaluations.accept(evaluation);
            } else {
                failures.add(failure);
            }
        }
    }

    /** Gathers what the decision needs (tags only for an exemption tag, keys only as asked) and decides. */
    private Verdict decide(Optional<EndpointConfigFacts> described, RuleParameters parameters, KeyCache keyCache) {
        if (described.isEmpty()) {
            return Verdict.notApplicable("The endpoint config no longer exists (deleted before it could be"
                    + " described).");
        }
        EndpointConfigFacts facts = described.get();
        if (parameters.exemptionTagKey() != null && facts.arn() != null) {
            facts = facts.withTags(endpointConfigs.tags(facts.arn()));
        }
        Map<String, KeyResolution> resolved = new HashMap<>();
        for (String reference : EndpointConfigDecision.keysToResolve(facts, parameters)) {
            resolved.put(reference, keyCache.resolve(reference));
        }
        return EndpointConfigDecision.decide(facts, parameters, resolved);
    }

    /**
     * Ids are compared ignoring case, and by name as well as ARN, so that whichever form an earlier result
     * used, a config that exists is never retired (SageMaker lowercases names inside ARNs).
     */
    private static String normalized(String id) {
        return EndpointConfigIds.nameOf(id, null).toLowerCase(Locale.ROOT);
    }

    private static ResourceFailure failure(String resourceId, AwsCallException e) {
        return new ResourceFailure(resourceId, e.operation(), e.reason());
    }

    private static EvaluationRun single(Evaluation evaluation) {
        return new EvaluationRun(List.of(evaluation), List.of());
    }
}
