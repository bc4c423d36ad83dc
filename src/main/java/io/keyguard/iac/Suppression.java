package io.keyguard.iac;

import io.keyguard.rule.EndpointConfigRule;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A finding its author has accepted, in the source itself and with a reason, so that a review sees both:
 * <pre>
 * # CloudFormation: the resource's Metadata
 * Metadata:
 *   keyguard:
 *     suppress:
 *       - rule: sagemaker-endpoint-config-cmk
 *         reason: Public demo model, no customer data (SEC-1234)
 *
 * # Terraform: a comment on or right above the resource's first line
 * # keyguard:ignore sagemaker-endpoint-config-cmk Public demo model, no customer data (SEC-1234)
 * </pre>
 * A suppression without a reason, or naming another rule, is refused: it would silence a finding without saying why.
 *
 * @param reason the justification, as written
 * @param line   where it is written
 */
public record Suppression(String reason, int line) {

    static final String METADATA_KEY = "keyguard";
    static final String COMMENT_DIRECTIVE = "keyguard:ignore";

    private static final Pattern COMMENT = Pattern.compile("\\s*" + Pattern.quote(COMMENT_DIRECTIVE)
            + "(?:\\s+(\\S+))?(?:\\s+(.*))?");

    /** {@code Metadata.keyguard.suppress} of a template resource, when there is one. */
    static Optional<Suppression> fromMetadata(Path file, IacNode.Mapping resource) {
        if (!(resource.get("Metadata") instanceof IacNode.Mapping metadata) || metadata.get(METADATA_KEY) == null) {
            return Optional.empty();
        }
        String where = "Metadata." + METADATA_KEY;
        if (!(metadata.get(METADATA_KEY) instanceof IacNode.Mapping ours)
                || !(ours.get("suppress") instanceof IacNode.Sequence list)) {
            throw new UnreadableFileException(file, metadata.keyLine(METADATA_KEY), where + " must hold suppress: a"
                    + " list of {rule: " + EndpointConfigRule.ID + ", reason: why}");
        }
        Suppression found = null;
        for (int i = 0; i < list.items().size(); i++) {
            String entry = where + ".suppress[" + i + "]";
            IacNode item = list.items().get(i);
            if (!(item instanceof IacNode.Mapping mapping)) {
                throw new UnreadableFileException(file, item.line(), entry + " must be {rule: " + EndpointConfigRule.ID
                        + ", reason: why}");
            }
            String rule = mapping.get("rule") instanceof IacNode.Scalar scalar ? scalar.text() : null;
            String reason = mapping.get("reason") instanceof IacNode.Scalar scalar ? scalar.text() : null;
            checkRule(file, item.line(), entry + ".rule", rule);
            checkReason(file, item.line(), entry, reason);
            found = new Suppression(reason.strip(), item.line());
        }
        return Optional.ofNullable(found);
    }

    /**
     * A {@code keyguard:ignore} comment on the resource's first line or in the comment lines right above it.
     *
     * @param comments the file's comments by line
     * @param line     the resource block's first line
     */
    static Optional<Suppression> fromComments(Path file, Map<Integer, String> comments, int line) {
        for (int at = line; at == line || comments.containsKey(at); at--) {
            Matcher directive = COMMENT.matcher(comments.getOrDefault(at, ""));
            if (directive.lookingAt()) {
                String rule = directive.group(1);
                String reason = directive.group(2);
                checkRule(file, at, COMMENT_DIRECTIVE, rule);
                checkReason(file, at, COMMENT_DIRECTIVE + " " + rule, reason);
                return Optional.of(new Suppression(reason.strip(), at));
            }
        }
        return Optional.empty();
    }

    private static void checkRule(Path file, int line, String where, String rule) {
        if (!EndpointConfigRule.ID.equals(rule)) {
            throw new UnreadableFileException(file, line, where + (rule == null ? " names no rule"
                    : " names rule '" + rule + "'") + ": the rule this tool checks is " + EndpointConfigRule.ID);
        }
    }

    private static void checkReason(Path file, int line, String where, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new UnreadableFileException(file, line, where + " gives no reason: a suppression must say why the"
                    + " finding is accepted");
        }
    }
}
