package io.keyguard.app;

import io.keyguard.aws.AccountClients;
import io.keyguard.aws.AwsClients;
import io.keyguard.aws.ExecutionRoleException;
import io.keyguard.aws.LambdaEnvironment;
import io.keyguard.awsconfig.ConfigEvaluationHistory;
import io.keyguard.awsconfig.ConfigEvaluations;
import io.keyguard.configrule.ConcurrentDescriber;
import io.keyguard.configrule.ConfigRuleRunner;
import io.keyguard.configrule.EvaluationRun;
import io.keyguard.configrule.InvocationLog;
import io.keyguard.configrule.Services;
import io.keyguard.configrule.TimeBudget;
import io.keyguard.configrule.event.ConfigEventReader;
import io.keyguard.configrule.event.ConfigRuleInvocation;
import io.keyguard.configrule.event.InvalidEventException;
import io.keyguard.configrule.event.InvalidRuleParametersException;
import io.keyguard.kms.KmsKeyDirectory;
import io.keyguard.log.JsonLog;
import io.keyguard.rule.EndpointConfigFacts;
import io.keyguard.rule.EndpointConfigRule;
import io.keyguard.rule.RuleParameters;
import io.keyguard.sagemaker.SageMakerEndpointConfigs;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Config rule as the Lambda function and the command line run it: an event read, the endpoint-config rule with
 * its parameters, the services of the account the event is about (the function's own, or a member account's through
 * its execution role), and the Config-rule core to evaluate and report. Under SAM's local emulator the event's account
 * is set aside for the credentials' own and nothing is recorded in Config ({@link ConfigRuleInvocation#asLocalRun}).
 */
public final class EndpointConfigRuleService {

    private final AccountClients accounts;
    private final int describeConcurrency;
    private final LambdaEnvironment environment;

    /**
     * @param clients             the function's own clients; member accounts' clients are built like them
     * @param describeConcurrency how many configs a periodic run describes at once
     * @param environment         where the function runs: Lambda, SAM's local emulator, or neither
     */
    public EndpointConfigRuleService(AwsClients clients, int describeConcurrency, LambdaEnvironment environment) {
        this.accounts = new AccountClients(clients);
        this.describeConcurrency = describeConcurrency;
        this.environment = environment;
    }

    /** With the concurrency of environment variable DESCRIBE_CONCURRENCY (default 8). */
    public static EndpointConfigRuleService fromEnvironment(LambdaEnvironment environment, AwsClients clients) {
        return new EndpointConfigRuleService(clients,
                ConcurrentDescriber.concurrency(environment.variable(ConcurrentDescriber.CONCURRENCY_VARIABLE)),
                environment);
    }

    /**
     * Answers one event as the Lambda function does: a summary of what was reported, or a failure naming what could
     * not be evaluated. An event refused before any call is logged as such.
     *
     * @param invokedFunctionArn the function's own ARN (its account needs no role); null outside Lambda
     */
    public String handle(byte[] event, TimeBudget budget, String invokedFunctionArn) {
        Prepared prepared;
        try {
            prepared = prepare(ConfigEventReader.read(event), invokedFunctionArn);
        } catch (InvalidEventException | InvalidRuleParametersException | ExecutionRoleException e) {
            InvocationLog.refused(e);
            throw e;
        }
        return prepared.runner().invoke(prepared.invocation(), budget);
    }

    /**
     * Evaluates and reports one invocation; returns the run, failures included (the command line prints them).
     *
     * @see ConfigRuleRunner#evaluateAndReport
     */
    public EvaluationRun evaluateAndReport(ConfigRuleInvocation invocation, TimeBudget budget,
                                           String invokedFunctionArn) {
        Prepared prepared;
        try {
            prepared = prepare(invocation, invokedFunctionArn);
        } catch (InvalidRuleParametersException | ExecutionRoleException e) {
            InvocationLog.refused(e);
            throw e;
        }
        return prepared.runner().evaluateAndReport(prepared.invocation(), budget);
    }

    /** The invocation as it is run, and the runner on the services of the account it is run in. */
    private record Prepared(ConfigRuleInvocation invocation, ConfigRuleRunner<EndpointConfigFacts> runner) {
    }

    /** The rule's parameters are judged before any account is reached, so a typo never costs an STS call. */
    private Prepared prepare(ConfigRuleInvocation event, String invokedFunctionArn) {
        EndpointConfigRule rule = new EndpointConfigRule(RuleParameters.parse(event.ruleParameters()));
        ConfigRuleInvocation invocation = event;
        if (environment.samLocalEmulator(invokedFunctionArn)) {
            // The emulator's function ARN names a made-up account, and its credentials are the user's profile's.
            invocation = event.asLocalRun();
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("rule", event.configRuleName());
            fields.put("eventAccount", event.target().accountId());
            fields.put("change", "evaluating in the account of the credentials the function runs with instead of the"
                    + " event's, and putting the evaluations in TestMode, so nothing is recorded in AWS Config");
            JsonLog.info("SAM local emulator recognised", fields);
        }
        AwsClients clients = accounts.forInvocation(invocation.target(), invokedFunctionArn);
        return new Prepared(invocation, new ConfigRuleRunner<>(rule, new Services<>(
                new SageMakerEndpointConfigs(clients.sageMaker()), new KmsKeyDirectory(clients.kms()),
                new ConfigEvaluationHistory(clients.config()), new ConfigEvaluations(clients.config())),
                describeConcurrency));
    }
}
