package io.keyguard.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.ConfigEvent;
import io.keyguard.aws.AccountClients;
import io.keyguard.aws.AwsClients;
import io.keyguard.aws.CallLimits;
import io.keyguard.aws.ExecutionRoleException;
import io.keyguard.config.ConfigEvaluationHistory;
import io.keyguard.config.ConfigEventParser;
import io.keyguard.config.ConfigRuleInvocation;
import io.keyguard.config.Evaluation;
import io.keyguard.config.EvaluationReporter;
import io.keyguard.config.EvaluationsNotRecordedException;
import io.keyguard.config.InvalidEventException;
import io.keyguard.evaluation.ConcurrentDescriber;
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
import java.util.HashSet;
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

    private final AccountClients accounts;
    private final int describeConcurrency;
    /** Held here because the runtime keeps registered resources only weakly. */
    @SuppressWarnings("unused")
    private final SnapStartPriming priming;

    /**
     * Used by Lambda: clients are built once per container, during the init phase; with SnapStart the
     * rule's path is also primed before the snapshot.
     */
    public ConfigRuleHandler() {
        this(AwsClients.fromEnvironment(), describeConcurrencyFromEnvironment(),
                SnapStartPriming.registerIfSnapStart());
    }

    /** @param clients the function's own clients; member accounts' clients are built like them */
    public ConfigRuleHandler(AwsClients clients) {
        this(clients, describeConcurrencyFromEnvironment(), null);
    }

    /** @param describeConcurrency how many configs a periodic run describes at once */
    public ConfigRuleHandler(AwsClients clients, int describeConcurrency) {
        this(clients, describeConcurrency, null);
    }

    private ConfigRuleHandler(AwsClients clients, int describeConcurrency, SnapStartPriming priming) {
        this.accounts = new AccountClients(clients);
        this.describeConcurrency = describeConcurrency;
        this.priming = priming;
    }

    private static int describeConcurrencyFromEnvironment() {
        return ConcurrentDescriber.concurrency(System.getenv(ConcurrentDescriber.CONCURRENCY_VARIABLE));
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
        EvaluationRun run = evaluateAndReport(event, context);
        if (!run.failures().isEmpty()) {
            throw new RuleInvocationException(run.failures(), run.evaluations().size());
        }
        String deferred = run.deferred().isEmpty() ? ""
                : "; " + run.deferred().size() + " endpoint config(s) deferred to the next periodic run";
        return run.evaluations().size() + " evaluation(s) reported" + deferred;
    }

    /**
     * Evaluates and reports without a time budget, as the command line does (the function's account, needed only
     * with ExecutionRoleName, is then asked of STS).
     */
    public EvaluationRun evaluateAndReport(ConfigEvent event) {
        return evaluateAndReport(event, TimeBudget.unlimited(), null);
    }

    /** Evaluates and reports as Lambda invokes the rule: within the invocation's time, as the invoked function. */
    public EvaluationRun evaluateAndReport(ConfigEvent event, Context context) {
        return evaluateAndReport(event, budgetFor(context), context == null ? null : context.getInvokedFunctionArn());
    }

    public EvaluationRun evaluateAndReport(ConfigEvent event, TimeBudget budget) {
        return evaluateAndReport(event, budget, null);
    }

    /**
     * Evaluates and reports; returns what was reported, which resources could not be evaluated and which the
     * budget did not reach.
     *
     * @param invokedFunctionArn the function's own ARN (its account needs no role); null outside Lambda
     * @throws EvaluationsNotRecordedException when Config did not record some evaluations (all are listed)
     * @throws RuleInvocationException         when, as well, some resources could not be evaluated
     * @throws ExecutionRoleException          when the event's account cannot be reached; nothing is evaluated
     */
    public EvaluationRun evaluateAndReport(ConfigEvent event, TimeBudget budget, String invokedFunctionArn) {
        ConfigRuleInvocation invocation;
        AwsClients clients;
        try {
            invocation = ConfigEventParser.parse(event);
            clients = accounts.forInvocation(ConfigEventParser.targetAccount(event), invokedFunctionArn);
        } catch (InvalidEventException | InvalidRuleParametersException | ExecutionRoleException e) {
            InvocationLog.refused(e);
            throw e;
        }
        RuleEvaluator evaluator = new RuleEvaluator(new SageMakerEndpointConfigs(clients.sageMaker()),
                new KmsKeyDirectory(clients.kms()), new ConfigEvaluationHistory(clients.config()), describeConcurrency);
        EvaluationReporter reporter = new EvaluationReporter(clients.config());
        EvaluationRun run = evaluator.evaluate(invocation, budget);
        InvocationLog.failures(invocation, run.failures());
        try {
            reporter.report(run.evaluations(), invocation.resultToken(), invocation.testMode(), budget);
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
