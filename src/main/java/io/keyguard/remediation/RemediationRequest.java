package io.keyguard.remediation;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyguard.log.BoundedText;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What to remediate and how, as the SSM Automation document (or a person) sends it to the remediation function.
 *
 * @param endpointConfigId the endpoint config's ARN (the resource id AWS Config reports) or name
 * @param kmsKeyId         the customer-managed key the copy must use: key ARN, key id, alias name or alias ARN
 * @param dryRun           report the plan and change nothing
 * @param waitForInService wait (within the invocation's time) until the moved endpoints are InService again
 * @param deleteOriginal   delete the original config once no endpoint uses it
 */
public record RemediationRequest(String endpointConfigId, String kmsKeyId, boolean dryRun, boolean waitForInService,
                                 boolean deleteOriginal) {

    public static final String ENDPOINT_CONFIG_ID = "EndpointConfigId";
    public static final String KMS_KEY_ARN = "KmsKeyArn";
    public static final String DRY_RUN = "DryRun";
    public static final String WAIT_FOR_IN_SERVICE = "WaitForInService";
    public static final String DELETE_ORIGINAL = "DeleteOriginal";

    /** Every field the function accepts; the SSM document's parameters must be exactly these. */
    public static final List<String> FIELDS = List.of(ENDPOINT_CONFIG_ID, KMS_KEY_ARN, DRY_RUN, WAIT_FOR_IN_SERVICE,
            DELETE_ORIGINAL);

    /** Unknown field names quoted in an error, at most; the rest are counted. */
    private static final int LISTED_UNKNOWN = 5;

    public RemediationRequest {
        Objects.requireNonNull(endpointConfigId, ENDPOINT_CONFIG_ID);
        Objects.requireNonNull(kmsKeyId, KMS_KEY_ARN);
    }

    /**
     * Reads the function's JSON input. Flags may be JSON booleans or the strings "true"/"false" (SSM passes its
     * parameters as strings); a missing DryRun means a dry run.
     *
     * @throws InvalidRemediationRequestException naming the first unknown, missing or malformed field
     */
    public static RemediationRequest fromJson(JsonNode input) {
        if (input == null || !input.isObject()) {
            throw new InvalidRemediationRequestException("The remediation input must be a JSON object with the fields "
                    + FIELDS + ".");
        }
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> names = input.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                unknown.add(BoundedText.abbreviate(name));
            }
        }
        if (!unknown.isEmpty()) {
            throw new InvalidRemediationRequestException("Unknown remediation field(s) "
                    + BoundedText.firstOf(unknown, LISTED_UNKNOWN) + "; the function accepts only " + FIELDS
                    + " (names are case-sensitive).");
        }
        return new RemediationRequest(
                text(input, ENDPOINT_CONFIG_ID),
                text(input, KMS_KEY_ARN),
                flag(input, DRY_RUN, true),
                flag(input, WAIT_FOR_IN_SERVICE, false),
                flag(input, DELETE_ORIGINAL, false));
    }

    private static String text(JsonNode input, String field) {
        JsonNode value = input.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new InvalidRemediationRequestException(field + " is missing or not a non-empty string.");
        }
        return value.asText().trim();
    }

    private static boolean flag(JsonNode input, String field, boolean defaultValue) {
        JsonNode value = input.get(field);
        if (value == null || value.isNull() || value.isTextual() && value.asText().isBlank()) {
            return defaultValue;
        }
        String text = value.isBoolean() ? value.asText() : value.isTextual() ? value.asText().trim() : "";
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidRemediationRequestException(field + " is "
                    + BoundedText.abbreviate(value.toString()) + "; expected true or false.");
        };
    }
}
