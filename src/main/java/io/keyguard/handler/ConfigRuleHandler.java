package io.keyguard.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.ConfigEvent;
import io.keyguard.aws.AwsClients;
import io.keyguard.config.ConfigEvaluationHistory;
import io.keyguard.config.ConfigEventParser;
import io.keyguard.config.ConfigRuleInvocation;
import io.keyguard.config.Evaluation;
import io.keyguard.config.EvaluationReporter;
import io.keyguard.evaluation.EvaluationRun;
import io.keyguard.evaluation.RuleEvaluator;
import io.keyguard.log.JsonLog;
import io.keyguard.sagemaker.SageMakerEndpointConfigs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The AWS Config custom rule's Lambda entry point: parse the event, evaluate, report, and fail loudly
 * when any resource could not be evaluated.
 *
 * <p>Lambda calls the stream form: the rule reads the event itself, so the runtime never loads its own
 * serialization stack for {@link ConfigEvent} (a large part of a cold start, and it needs Joda-Time).
 */
public final class ConfigRuleHandler implements RequestStreamHandler {

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
                new ConfigEvaluationHistory(clients.config()));
        this.reporter = new EvaluationReporter(clients.config());
        this.priming = priming;
    }

    /** Lambda's entry point: the event as AWS Config sent it in, the result as a JSON string out. */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String result = handleRequest(ConfigEventParser.readEvent(input), context);
        output.write(('"' + result + '"').getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @throws RuleInvocationException when some resources could not be evaluated (after the others were
     *                                 reported), so Config shows the run as failed instead of a verdict
     */
    public String handleRequest(ConfigEvent event, Context context) {
        EvaluationRun run = evaluateAndReport(event);
        if (!run.failures().isEmpty()) {
            throw new RuleInvocationException(run.failures(), run.evaluations().size());
        }
        return run.evaluations().size() + " evaluation(s) reported";
    }

    /** Evaluates and reports; returns what was reported and which resources could not be evaluated. */
    public EvaluationRun evaluateAndReport(ConfigEvent event) {
        ConfigRuleInvocation invocation = ConfigEventParser.parse(event);
        EvaluationRun run = evaluator.evaluate(invocation);
        reporter.report(run.evaluations(), invocation.resultToken(), invocation.testMode());
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
