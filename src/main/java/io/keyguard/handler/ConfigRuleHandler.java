package io.keyguard.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.ConfigEvent;
import io.keyguard.aws.AwsClients;
import io.keyguard.aws.CallLimits;
import io.keyguard.config.ConfigEvaluationHistory;
import io.keyguard.config.ConfigEventParser;
import io.keyguard.config.ConfigRuleInvocation;
import io.keyguard.config.Evaluation;
import io.keyguard.config.EvaluationReporter;
import io.keyguard.config.EvaluationsNotRecordedException;
import io.keyguard.config.InvalidEventException;
import io.keyguard.evaluation.EvaluationRun;
import io.keyguard.evaluation.RuleEvaluator;
import io.keyguard.evaluation.TimeBudget;
import io.keyguard.kms.KmsKeyDirectory;
import io.keyguard.rule.InvalidRuleParametersException;
import io.keyguard.sagemaker.SageMakerEndpointConfigs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * The AWS Config custom rule's Lambda entry point: parse the event, evaluate, report, and fail loudly
 * when any resource could not be evaluated.
 *
 * <p>Lambda calls the stream form: the rule reads the event itself, so the runtime never loads its own
 * serialization stack for {@link ConfigEvent} (a large part of a cold start, and it needs Joda-Time).
 */
public final class ConfigRuleHandler implements RequestStreamHandler {

    /**
     * Kept for putting evaluations after the last call of a periodic run: 100 PutEvaluations batches (10,000
     * evaluations) at Config's usual pace, with room for retries.
     */
    static final Duration REPORT_ALLOWANCE = Duration.ofSeconds(15);

    private final RuleEvaluator evaluator;
    private final EvaluationReporter reporter;
    /** Held here because the runtime keeps registered resources only weakly. */
    @SuppressWarnings("unused")
    private final SnapStartPriming priming;

    /**
     * Used by Lambda: clients are built once per container, during the init phase; with SnapStart the
     * rule's path is also primed before the snapshot.
     */
    public ConfigRuleHandler() {
        this(AwsClients.fromEnvironment(), SnapStartPriming.registerIfSnapStart());
    }

    public ConfigRuleHandler(AwsClients clients) {
        this(clients, null);
    }

    private ConfigRuleHandler(AwsClients clients, SnapStartPriming priming) {
        this.evaluator = new RuleEvaluator(new SageMakerEndpointConfigs(clients.sageMaker()),
                new KmsKeyDirectory(clients.kms()), new ConfigEvaluationHistory(clients.config()));
        this.reporter = new EvaluationReporter(clients.config());
        this.priming = priming;
    }

    /**
     * Lambda's entry point: the event as AWS Config sent it in, the result as a JSON string out. Everything
     * else, the time budget from {@code context} included, is {@link #handleRequest(ConfigEvent, Context)}.
     */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ConfigEvent event;
        try {
            event = ConfigEventParser.readEvent(input);
        } catch (InvalidEventException e) {
            InvocationLog.refused(e);
            throw e;
        }
        String result = handleRequest(event, context);
        JsonWriter json = JsonWriter.create();
        json.writeValue(result);
        output.write(json.getBytes());
    }

    /**
     * A periodic run that cannot finish in the invocation's time reports what it decided and succeeds; the
     * configs it did not reach are logged and come first in the next run.
     *
     * @throws RuleInvocationException when some resources could not be evaluated (after the others were
     *                                 reported), so Config shows the run as failed instead of a verdict
     */
    public String handleRequest(ConfigEvent event, Context context) {
        EvaluationRun run = evaluateAndReport(event, budgetFor(context));
        if (!run.failures().isEmpty()) {
            throw new RuleInvocationException(run.failures(), run.evaluations().size());
        }
        String deferred = run.deferred().isEmpty() ? ""
                : "; " + run.deferred().size() + " endpoint config(s) deferred to the next periodic run";
        return run.evaluations().size() + " evaluation(s) reported" + deferred;
    }

    /** Evaluates and reports without a time budget, as the command line does. */
    public EvaluationRun evaluateAndReport(ConfigEvent event) {
        return evaluateAndReport(event, TimeBudget.unlimited());
    }

    /**
     * Evaluates and reports; returns what was reported, which resources could not be evaluated and which the
     * budget did not reach.
     *
     * @throws EvaluationsNotRecordedException when Config did not record some evaluations (all are listed)
     * @throws RuleInvocationException         when, as well, some resources could not be evaluated
     */
    public EvaluationRun evaluateAndReport(ConfigEvent event, TimeBudget budget) {
        ConfigRuleInvocation invocation;
        try {
            invocation = ConfigEventParser.parse(event);
        } catch (InvalidEventException | InvalidRuleParametersException e) {
            InvocationLog.refused(e);
            throw e;
        }
        EvaluationRun run = evaluator.evaluate(invocation, budget);
        InvocationLog.failures(invocation, run.failures());
        try {
            reporter.report(run.evaluations(), invocation.resultToken(), invocation.testMode(), budget);
        } catch (EvaluationsNotRecordedException e) {
            List<Evaluation> recorded = new ArrayList<>(run.evaluations());
            recorded.removeAll(e.unrecorded());
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
     * The invocation's budget: what Lambda says is left, keeping one call's worth (the client call timeout)
     * and the report allowance in hand. Without a context (a direct call) there is no limit.
     */
    static TimeBudget budgetFor(Context context) {
        if (context == null) {
            return TimeBudget.unlimited();
        }
        return TimeBudget.of(Duration.ofMillis(context.getRemainingTimeInMillis()),
                CallLimits.PRODUCTION.callTimeout(), REPORT_ALLOWANCE, System::nanoTime);
    }
}
