package io.keyguard.app;

import io.keyguard.aws.AccountClients;
import io.keyguard.aws.AwsClients;
import io.keyguard.aws.ExecutionRoleException;
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
import io.keyguard.rule.EndpointConfigFacts;
import io.keyguard.rule.EndpointConfigRule;
import io.keyguard.rule.RuleParameters;
import io.keyguard.sagemaker.SageMakerEndpointConfigs;

/**
 * The Config rule as the Lambda function and the command line run it: an event read, the endpoint-config rule with
 * its parameters, the services of the account the event is about (the function's own, or a member account's through
 * its execution role), and the Config-rule core to evaluate and report.
 */
public final class EndpointConfigRuleService {

    private final AccountClients accounts;
    private final int describeConcurrency;

    /**
     * @param clients             the function's own clients; member accounts' clients are built like them
     * @param describeConcurrency how many configs a periodic run describes at once
     */
    public EndpointConfigRuleService(AwsClients clients, int describeConcurrency) {
        this.accounts = new AccountClients(clients);
        this.describeConcurrency = describeConcurrency;
    }

    /** With the concurrency of environment variable DESCRIBE_CONCURRENCY (default 8). */
    public static EndpointConfigRuleService fromEnvironment(AwsClients clients) {
        return new EndpointConfigRuleService(clients,
                ConcurrentDescriber.concurrency(System.getenv(ConcurrentDescriber.CONCURRENCY_VARIABLE)));
    }

    /**
     * Answers one event as the Lambda function does: a summary of what was reported, or a failure naming what could
     * not be evaluated. An event refused before any call is logged as such.
     *
     * @param invokedFunctionArn the function's own ARN (its account needs no role); null outside Lambda
     */
    public String handle(byte[] event, TimeBudget budget, String invokedFunctionArn) {
        ConfigRuleInvocation invocation;
        ConfigRuleRunner<EndpointConfigFacts> runner;
        try {
            invocation = ConfigEventReader.read(event);
            runner = runnerFor(invocation, invokedFunctionArn);
        } catch (InvalidEventException | InvalidRuleParametersException | ExecutionRoleException e) {
            InvocationLog.refused(e);
            throw e;
        }
        return runner.invoke(invocation, budget);
    }

    /**
     * Evaluates and reports one invocation; returns the run, failures included (the command line prints them).
     *
     * @see ConfigRuleRunner#evaluateAndReport
     */
    public EvaluationRun evaluateAndReport(ConfigRuleInvocation invocation, TimeBudget budget,
                                           String invokedFunctionArn) {
        ConfigRuleRunner<EndpointConfigFacts> runner;
        try {
            runner = runnerFor(invocation, invokedFunctionArn);
        } catch (InvalidRuleParametersException | ExecutionRoleException e) {
            InvocationLog.refused(e);
            throw e;
        }
        return runner.evaluateAndReport(invocation, budget);
    }

    /** The rule's parameters are judged before any account is reached, so a typo never costs an STS call. */
    private ConfigRuleRunner<EndpointConfigFacts> runnerFor(ConfigRuleInvocation invocation,
                                                           String invokedFunctionArn) {
        EndpointConfigRule rule = new EndpointConfigRule(RuleParameters.parse(invocation.ruleParameters()));
        AwsClients clients = accounts.forInvocation(invocation.target(), invokedFunctionArn);
        return new ConfigRuleRunner<>(rule, new Services<>(new SageMakerEndpointConfigs(clients.sageMaker()),
                new KmsKeyDirectory(clients.kms()), new ConfigEvaluationHistory(clients.config()),
                new ConfigEvaluations(clients.config())), describeConcurrency);
    }
}
