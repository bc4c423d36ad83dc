package io.keyguard.hook;

import io.keyguard.aws.AwsCallException;
import io.keyguard.configrule.Compliance;
import io.keyguard.configrule.LiveLookups;
import io.keyguard.configrule.TimeBudget;
import io.keyguard.configrule.Verdict;
import io.keyguard.configrule.event.ConfigEventReader;
import io.keyguard.configrule.event.InvalidRuleParametersException;
import io.keyguard.hook.HookResponse.ErrorCode;
import io.keyguard.iac.ResourceProperties;
import io.keyguard.keys.KeyDirectory;
import io.keyguard.log.BoundedText;
import io.keyguard.log.JsonLog;
import io.keyguard.rule.EndpointConfigFacts;
import io.keyguard.rule.EndpointConfigRule;
import io.keyguard.rule.RuleParameters;
import io.keyguard.rule.Wording;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The CloudFormation Lambda hook: before an endpoint config is created or updated, its proposed properties are read
 * as the template scan reads them and judged by the Config rule, with each key looked up in KMS, so a config the
 * rule would flag is stopped before it exists. Deletions and other resource types pass without a call.
 *
 * <p>Every request gets an answer, never an exception: CloudFormation would take an exception for an outage of the
 * hook. What stops the hook from judging (a malformed request, unusable rule parameters, KMS failing past its
 * retries, time running out) answers FAILED with InternalFailure and a message naming it.
 */
public final class EndpointConfigHook {

    /** The environment variable holding the rule parameters, a JSON object as a Config rule's ruleParameters. */
    public static final String RULE_PARAMETERS_VARIABLE = "RULE_PARAMETERS";

    private static final String DELETE = "DELETE_PRE_PROVISION";
    private static final Set<String> JUDGED = Set.of("CREATE_PRE_PROVISION", "UPDATE_PRE_PROVISION");

    private final KeyDirectory keys;
    private final String ruleParameters;

    /**
     * @param keys           where keys are described (KMS)
     * @param ruleParameters the rule parameters as a JSON object of names to strings; null or blank for the defaults.
     *                       Read at every request, so unusable ones fail each judged request, naming the problem
     */
    public EndpointConfigHook(KeyDirectory keys, String ruleParameters) {
        this.keys = keys;
        this.ruleParameters = ruleParameters;
    }

    /** The answer to one request, within {@code budget}; logged as one line. */
    public HookResponse answer(byte[] request, TimeBudget budget) {
        HookRequest read;
        try {
            read = HookRequest.read(request);
        } catch (InvalidHookRequestException e) {
            return logged(null, internalFailure(e.getMessage(), e.clientRequestToken()));
        } catch (RuntimeException e) {
            return logged(null, internalFailure("The hook request cannot be read: " + e, null));
        }
        return logged(read, outcome(read, budget));
    }

    /** The decision, or InternalFailure naming what kept the hook from deciding. */
    private Outcome outcome(HookRequest request, TimeBudget budget) {
        String token = request.clientRequestToken();
        try {
            return decide(request, budget);
        } catch (InvalidHookRequestException e) {
            return internalFailure(e.getMessage(), token);
        } catch (InvalidRuleParametersException e) {
            return internalFailure("The hook's rule parameters (" + RULE_PARAMETERS_VARIABLE + ") cannot be used: "
                    + e.getMessage(), token);
        } catch (ResourceProperties.UnreadablePropertiesException e) {
            return internalFailure("requestData.targetModel.resourceProperties cannot be read as an endpoint config: "
                    + e.getMessage(), token);
        } catch (AwsCallException e) {
            return internalFailure("A key could not be examined, so the config was not judged: " + e.getMessage(),
                    token);
        } catch (TimeBudget.OutOfTime e) {
            return internalFailure("The hook's time ran out before every key was examined, so the config was not"
                    + " judged.", token);
        } catch (RuntimeException e) {
            return internalFailure("The hook failed unexpectedly: " + e, token);
        }
    }

    /** A response and, when the rule judged the config, its verdict. */
    private record Outcome(HookResponse response, Compliance verdict) {
    }

    private Outcome decide(HookRequest request, TimeBudget budget) {
        String token = request.clientRequestToken();
        if (!request.targets(EndpointConfigRule.RESOURCE_TYPE)) {
            return new Outcome(HookResponse.success(BoundedText.abbreviate(request.resourceType())
                    + " is not judged: this hook judges only " + EndpointConfigRule.RESOURCE_TYPE + ".", token), null);
        }
        if (!JUDGED.contains(request.actionInvocationPoint())) {
            String why = DELETE.equals(request.actionInvocationPoint())
                    ? "Deleting an endpoint config is not judged: only what is created or updated can be unencrypted."
                    : "An endpoint config is judged before it is created or updated, not at "
                            + BoundedText.abbreviate(request.actionInvocationPoint()) + ".";
            return new Outcome(HookResponse.success(why, token), null);
        }
        if (request.resourceProperties() == null) {
            throw new InvalidHookRequestException("The hook request has no requestData.targetModel.resourceProperties;"
                    + " CloudFormation sends the proposed properties at " + request.actionInvocationPoint() + ".",
                    token);
        }
        // The fix is in the template being deployed, not a copy of a live config: the template's advice.
        EndpointConfigRule rule = new EndpointConfigRule(RuleParameters.parse(
                ConfigEventReader.parseRuleParameters(ruleParameters)), Wording.TEMPLATE);
        EndpointConfigFacts facts = ResourceProperties.endpointConfig(request.resourceProperties(),
                request.targetLogicalId() != null ? request.targetLogicalId() : request.resourceType());
        // Not created yet, the config has no tags to ask SageMaker for: they are the ones it will be created with.
        Verdict verdict = rule.judge(facts, new LiveLookups<>(keys, EndpointConfigFacts::tags, budget));
        HookResponse response = verdict.compliance() == Compliance.NON_COMPLIANT
                ? HookResponse.failed(ErrorCode.NON_COMPLIANT, verdict.annotation(), token)
                : HookResponse.success(verdict.annotation(), token);
        return new Outcome(response, verdict.compliance());
    }

    private static Outcome internalFailure(String message, String token) {
        return new Outcome(HookResponse.failed(ErrorCode.INTERNAL_FAILURE, message, token), null);
    }

    /**
     * One line per request: the rule (the hook's alias, as the Config rule's lines name their rule), stack and
     * resource, and the answer; never the properties themselves.
     */
    private static HookResponse logged(HookRequest request, Outcome outcome) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (request != null) {
            putBounded(fields, "rule", request.hookTypeName());
            putBounded(fields, "stack", request.stackId());
            putBounded(fields, "target", request.targetLogicalId());
            putBounded(fields, "resourceType", request.resourceType());
            putBounded(fields, "action", request.actionInvocationPoint());
        }
        if (outcome.verdict() != null) {
            fields.put("verdict", outcome.verdict().name());
        }
        HookResponse response = outcome.response();
        fields.put("hookStatus", response.hookStatus().name());
        if (response.errorCode() != null) {
            fields.put("errorCode", response.errorCode().wireName());
        }
        fields.put("reason", response.message());
        if (response.errorCode() == null) {
            JsonLog.info("hook decision", fields);
        } else if (response.errorCode() == ErrorCode.NON_COMPLIANT) {
            JsonLog.warn("hook decision", fields);
        } else {
            JsonLog.error("hook decision", fields);
        }
        return response;
    }

    private static void putBounded(Map<String, Object> fields, String name, String value) {
        if (value != null) {
            fields.put(name, BoundedText.abbreviate(value));
        }
    }
}
