package io.keyguard.configrule;

import io.keyguard.aws.AwsCallException;
import io.keyguard.configrule.event.ConfigRuleInvocation;
import io.keyguard.configrule.event.InvokingEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.IntFunction;

/**
 * Owns the AWS Config contract around a rule's pure decision, as the AWS Config Rule Development Kit's evaluator
 * does: which resources an invocation covers (a change, or every resource on a schedule), when a resource is
 * NOT_APPLICABLE without a decision, the clean-up of results for resources that no longer exist, the order and
 * concurrency of a periodic run within its time budget, and reporting in batches with every failure named.
 *
 * <p>The Config cases decided here, besides the rule's own verdicts: a change for another resource type, a resource
 * that left the rule's scope, a configuration item whose resource is deleted or not recorded, a resource deleted
 * before it could be described (all NOT_APPLICABLE, see {@link ResourceStates}), and a periodic run's earlier
 * COMPLIANT or NON_COMPLIANT result for a resource no longer listed (retired as NOT_APPLICABLE).
 *
 * @param <R> the facts of one resource
 */
public final class ConfigRuleRunner<R> {

    private final ConfigRule<R> rule;
    private final Services<R> services;
    private final int concurrency;
    private final IntFunction<ExecutorService> pools;

    /** @param concurrency how many resources a periodic run describes at once */
    public ConfigRuleRunner(ConfigRule<R> rule, Services<R> services, int concurrency) {
        this(rule, services, concurrency, ConcurrentDescriber::threadPool);
    }

    /** @param pools the pool each periodic run describes on, for its concurrency (tests step one by hand) */
    ConfigRuleRunner(ConfigRule<R> rule, Services<R> services, int concurrency, IntFunction<ExecutorService> pools) {
        this.rule = rule;
        this.services = services;
        this.concurrency = concurrency;
        this.pools = pools;
    }

    /**
     * Evaluates and reports, and answers as the Lambda function does: a summary, or a failure when some resources
     * could not be evaluated (after the others were reported), so Config shows the run as failed.
     *
     * @throws RuleInvocationException         when some resources could not be evaluated
     * @throws EvaluationsNotRecordedException when Config did not record some evaluations (all are listed)
     */
    public String invoke(ConfigRuleInvocation invocation, TimeBudget budget) {
        EvaluationRun run = evaluateAndReport(invocation, budget);
        if (!run.failures().isEmpty()) {
            throw new RuleInvocationException(run.failures(), run.evaluations().size());
        }
        String deferred = run.deferred().isEmpty() ? "" : "; " + run.deferred().size() + " " + rule.resourceNoun()
                + "(s) deferred to the next periodic run";
        return run.evaluations().size() + " evaluation(s) reported" + deferred;
    }

    /**
     * Evaluates and reports; returns what was reported, which resources could not be evaluated and which the
     * budget did not reach. Each is logged.
     *
     * @throws EvaluationsNotRecordedException when Config did not record some evaluations (all are listed)
     * @throws RuleInvocationException         when, as well, some resources could not be evaluated
     */
    public EvaluationRun evaluateAndReport(ConfigRuleInvocation invocation, TimeBudget budget) {
        EvaluationRun run = evaluate(invocation, budget);
        InvocationLog.failures(invocation, run.failures());
        try {
            new EvaluationReporter(services.evaluations())
                    .report(run.evaluations(), invocation.resultToken(), invocation.testMode(), budget);
        } catch (EvaluationsNotRecordedException e) {
            List<Evaluation> recorded = new ArrayList<>(run.evaluations());
            recorded.removeAll(new HashSet<>(e.unrecorded()));
            InvocationLog.reported(invocation, recorded);
            InvocationLog.notRecorded(invocation, e.unrecorded(), e.getMessage());
            InvocationLog.deferred(invocation, run);
            if (!run.failures().isEmpty()) {
                throw new RuleInvocationException(run.failures(), recorded.size(), e);
            }
            throw e;
        }
        InvocationLog.reported(invocation, run.evaluations());
        InvocationLog.deferred(invocation, run);
        return run;
    }

    /**
     * Decides, without reporting.
     *
     * @param budget a periodic run stops starting AWS calls when it runs out and defers the resources it did not
     *               reach; a change evaluation (one resource) is bounded by the client timeouts alone
     */
    public EvaluationRun evaluate(ConfigRuleInvocation invocation, TimeBudget budget) {
        if (invocation.invokingEvent() instanceof InvokingEvent.ResourceChange change) {
            return evaluateChange(change, invocation.eventLeftScope(), lookups(TimeBudget.unlimited()));
        }
        return evaluatePeriodic((InvokingEvent.Scheduled) invocation.invokingEvent(), invocation.configRuleName(),
                lookups(budget), budget);
    }

    private LiveLookups<R> lookups(TimeBudget budget) {
        return new LiveLookups<>(services.keys(), services.resources()::tags, budget);
    }

    private EvaluationRun evaluateChange(InvokingEvent.ResourceChange change, boolean leftScope,
                                         LiveLookups<R> lookups) {
        Instant ordering = change.captureTime();
        String type = rule.resourceType();
        if (!type.equals(change.resourceType())) {
            return single(Evaluation.of(change.resourceType(), change.resourceId(),
                    ResourceStates.outOfScope(type, change.resourceType()), ordering));
        }
        if (leftScope) {
            return single(Evaluation.of(type, change.resourceId(), ResourceStates.leftScope(rule.resourceNoun()), ordering));
        }
        if (change.resourceGoneOrUnrecorded()) {
            return single(Evaluation.of(type, change.resourceId(), ResourceStates.itemStatus(change.status()),
                    ordering));
        }
        try {
            Optional<R> described = services.resources().describe(change.resourceId(), change.resourceName());
            Verdict verdict = described.map(resource -> rule.judge(resource, lookups))
                    .orElseGet(() -> ResourceStates.deletedBeforeDescribed(rule.resourceNoun()));
            return single(Evaluation.of(type, change.resourceId(), verdict, ordering));
        } catch (AwsCallException e) {
            return new EvaluationRun(List.of(), List.of(failure(change.resourceId(), e)));
        }
    }

    /**
     * Reads the rule's earlier results, lists every resource, evaluates them least recently evaluated first while
     * the budget lasts, {@code concurrency} at a time, and retires the results of resources that no longer exist.
     */
    private EvaluationRun evaluatePeriodic(InvokingEvent.Scheduled scheduled, String ruleName,
                                           LiveLookups<R> lookups, TimeBudget budget) {
        Instant ordering = scheduled.notificationCreationTime();
        ResourceSource<R> resources = services.resources();
        List<Evaluation> evaluations = new ArrayList<>();
        List<ResourceFailure> failures = new ArrayList<>();
        List<String> deferred = new ArrayList<>();

        List<EvaluatedResource> earlier = new ArrayList<>();
        boolean readHistory = true;
        try {
            services.history().forEachResult(ruleName, earlier::add);
        } catch (AwsCallException e) {
            readHistory = false;
            failures.add(failure(e.resource(), e));
        }
        List<ResourceRef> listed = new ArrayList<>();
        boolean listedEverything = true;
        try {
            resources.forEachResource(listed::add);
        } catch (AwsCallException e) {
            listedEverything = false;
            failures.add(failure(e.resource(), e));
        }

        List<ResourceRef> ordered = EvaluationOrder.leastRecentlyEvaluatedFirst(listed,
                EvaluationOrder.lastEvaluated(earlier, resources::identity), resources::identity);
        Set<String> notReached = new HashSet<>();
        try (ConcurrentDescriber<Outcome> describer = new ConcurrentDescriber<>(concurrency,
                pools.apply(concurrency), resources::throttledAttempts,
                outcome -> outcome.record(evaluations, failures, notReached))) {
            for (ResourceRef ref : ordered) {
                if (!budget.allowsAnotherCall()) {
                    notReached.add(ref.id());
                    continue;
                }
                describer.submit(() -> describeAndJudge(ref, lookups, budget, ordering));
            }
            describer.finish();
        }
        // In evaluation order, so the next run's log and this one's agree on which come first.
        ordered.stream().map(ResourceRef::id).filter(notReached::contains).forEach(deferred::add);

        if (!listed.isEmpty() && deferred.size() == listed.size()) {
            failures.add(new ResourceFailure(resources.everyResource(), resources.describeOperation(),
                    "not started: the invocation's time budget was used up before the first resource (raise the"
                            + " function's Timeout); " + deferred.size() + " resource(s) deferred"));
        }
        // Without the full listing a live resource could look deleted, so clean-up waits for a complete run.
        if (listedEverything && readHistory) {
            Set<String> existing = new HashSet<>();
            listed.forEach(ref -> {
                existing.add(resources.identity(ref.id()));
                existing.add(resources.identity(ref.name()));
            });
            for (EvaluatedResource result : earlier) {
                if (rule.resourceType().equals(result.resourceType()) && result.isLiveVerdict()
                        && existing.add(resources.identity(result.resourceId()))) {
                    evaluations.add(Evaluation.of(rule.resourceType(), result.resourceId(), ResourceStates.retired(rule.resourceNoun()),
                            ordering));
                }
            }
        }
        // A stable order, so the same event delivered twice puts the same batches whatever order was evaluated in
        // (and whichever describer thread finished first).
        evaluations.sort(Comparator.comparing(Evaluation::resourceId));
        failures.sort(Comparator.comparing(ResourceFailure::resourceId));
        return new EvaluationRun(evaluations, failures, deferred);
    }

    /**
     * Runs on a describer thread: one listed resource described and judged, the call that failed, or, when the
     * budget ran out before or during it, nothing (the resource is deferred).
     */
    private Outcome describeAndJudge(ResourceRef ref, LiveLookups<R> lookups, TimeBudget budget, Instant ordering) {
        try {
            budget.beforeCall();
            Verdict verdict = services.resources().describe(ref.id(), ref.name())
                    .map(resource -> rule.judge(resource, lookups))
                    .orElseGet(() -> ResourceStates.deletedBeforeDescribed(rule.resourceNoun()));
            return new Outcome(Evaluation.of(rule.resourceType(), ref.id(), verdict, ordering), null, null);
        } catch (AwsCallException e) {
            return new Outcome(null, failure(ref.id(), e), null);
        } catch (TimeBudget.OutOfTime e) {
            return new Outcome(null, null, ref.id());
        }
    }

    /** Exactly one of: an evaluation, why there is none, or the resource the budget did not reach. */
    private record Outcome(Evaluation evaluation, ResourceFailure failure, String deferredId) {
        void record(List<Evaluation> evaluations, List<ResourceFailure> failures, Set<String> deferred) {
            if (evaluation != null) {
                evaluations.add(evaluation);
            } else if (failure != null) {
                failures.add(failure);
            } else {
                deferred.add(deferredId);
            }
        }
    }

    /** Names the key or tag call's own resource too when it is not the evaluated resource itself. */
    private ResourceFailure failure(String resourceId, AwsCallException e) {
        ResourceSource<R> resources = services.resources();
        boolean sameResource = resources.identity(resourceId).equals(resources.identity(e.resource()));
        String reason = sameResource ? e.reason() : "for " + e.resource() + ": " + e.reason();
        return new ResourceFailure(resourceId, e.operation(), reason);
    }

    private static EvaluationRun single(Evaluation evaluation) {
        return new EvaluationRun(List.of(evaluation), List.of());
    }
}
