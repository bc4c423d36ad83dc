package io.keyguard.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ConfigEvent;
import io.keyguard.aws.AccountClients;
import io.keyguard.aws.AwsClients;
import io.keyguard.config.ConfigEvaluationHistory;
import io.keyguard.config.ConfigEventParser;
import io.keyguard.config.ConfigRuleInvocation;
import io.keyguard.config.Evaluation;
import io.keyguard.config.EvaluationReporter;
import io.keyguard.evaluation.ConcurrentDescriber;
import io.keyguard.evaluation.EvaluationRun;
import io.keyguard.evaluation.RuleEvaluator;
import io.keyguard.kms.KmsKeyDirectory;
import io.keyguard.log.JsonLog;
import io.keyguard.sagemaker.SageMakerEndpointConfigs;
import java.util.Map;

/**
 * The AWS Config custom rule's Lambda entry point: parse the event, evaluate, report, and fail loudly
 * when any resource could not be evaluated.
 */
public final class ConfigRuleHandler implements RequestHandler<ConfigEvent, String> {

    private final AccountClients accounts;
    private final int describeConcurrency;

    /** Used by Lambda: clients are built once per container, during the init phase. */
    public ConfigRuleHandler() {
        this(AwsClients.fromEnvironment());
    }

    /** @param clients the function's own clients; member accounts' clients are built like them */
    public ConfigRuleHandler(AwsClients clients) {
        this(clients, ConcurrentDescriber.concurrency(System.getenv(ConcurrentDescriber.CONCURRENCY_VARIABLE)));
    }

    /** @param describeConcurrency how many configs a periodic run describes at once */
    public ConfigRuleHandler(AwsClients clients, int describeConcurrency) {
        this.accounts = new AccountClients(clients);
        this.describeConcurrency = describeConcurrency;
    }

    /**
     * @throws RuleInvocationException when some resources could not be evaluated (after the others were
     *                                 reported), so Config shows the run as failed instead of a verdict
     */
    @Override
    public String handleRequest(ConfigEvent event, Context context) {
        EvaluationRun run = evaluateAndReport(event, context);
        if (!run.failures().isEmpty()) {
            throw new RuleInvocationException(run.failures(), run.evaluations().size());
        }
        return run.evaluations().size() + " evaluation(s) reported";
    }

    /** Evaluates and reports outside Lambda (no context: the function's account is asked of STS if needed). */
    public EvaluationRun evaluateAndReport(ConfigEvent event) {
        return evaluateAndReport(event, null);
    }

    /**
     * Evaluates and reports, in the event's account; returns what was reported and which resources could not
     * be evaluated.
     */
    public EvaluationRun evaluateAndReport(ConfigEvent event, Context context) {
        ConfigRuleInvocation invocation = ConfigEventParser.parse(event);
        AwsClients clients = accounts.forInvocation(ConfigEventParser.targetAccount(event),
                context == null ? null : context.getInvokedFunctionArn());
        RuleEvaluator evaluator = new RuleEvaluator(new SageMakerEndpointConfigs(clients.sageMaker()),
                new KmsKeyDirectory(clients.kms()), new ConfigEvaluationHistory(clients.config()), describeConcurrency);
        EvaluationReporter.Batches reported = new EvaluationReporter(clients.config())
                .open(invocation.resultToken(), invocation.testMode());
        EvaluationRun run = evaluator.evaluate(invocation, reported);
        reported.finish();
        for (Evaluation evaluation : run.evaluations()) {
            JsonLog.info("evaluation reported", Map.of(
                    "rule", invocation.configRuleName(),
                    "resourceId", evaluation.resourceId(),
                    "compliance", evaluation.compliance().name(),
                    "annotation", evaluation.annotation()));
        }
        return run;
    }
}
