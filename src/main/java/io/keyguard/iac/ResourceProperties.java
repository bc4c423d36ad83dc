package io.keyguard.iac;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyguard.rule.EndpointConfigFacts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The properties of one {@code AWS::SageMaker::EndpointConfig} as CloudFormation resolved them (what a hook
 * receives), read into {@link EndpointConfigFacts} by the template scan's own reader, so the hook and {@code scan}
 * read every property alike. Booleans and numbers may come as JSON values or as strings ("true", "2"): the reader
 * sees both as the same text.
 */
public final class ResourceProperties {

    /** Named in the reader's messages, where a template scan names its file. */
    private static final Path SOURCE = Path.of("resourceProperties");

    /** Resolved properties need no template around them: no parameters to default, no resources to name. */
    private static final IacNode.Mapping NO_TEMPLATE = new IacNode.Mapping(Map.of(), Map.of(), 0);

    private ResourceProperties() {
    }

    /** The properties cannot be read as an endpoint config; the message names the property and what is wrong. */
    public static final class UnreadablePropertiesException extends RuntimeException {
        UnreadablePropertiesException(String message) {
            super(message);
        }
    }

    /**
     * @param properties the resource's properties, a JSON object
     * @param logicalId  the name the facts carry when the properties set no EndpointConfigName
     * @throws UnreadablePropertiesException when a property has a shape CloudFormation would not resolve to (an
     *                                       intrinsic function, a string where an object belongs, ...)
     */
    public static EndpointConfigFacts endpointConfig(JsonNode properties, String logicalId) {
        if (properties == null || !properties.isObject()) {
            throw new UnreadablePropertiesException("resourceProperties must be a JSON object");
        }
        IacNode.Mapping definition = new IacNode.Mapping(Map.of("Properties", node(properties)), Map.of(), 0);
        TemplateValues values = new TemplateValues(SOURCE, NO_TEMPLATE, condition -> {
            throw new UnreadableFileException(SOURCE, 0, "Fn::If on condition " + condition
                    + " is not resolved; CloudFormation resolves conditions before a hook sees the properties");
        });
        ScannedEndpointConfig.Alternative read;
        try {
            read = CloudFormationEndpointConfigs.alternative(values, logicalId, definition);
        } catch (UnreadableFileException e) {
            throw new UnreadablePropertiesException(e.problem());
        }
        // A note means the reader had to assume something, which resolved properties never call for.
        if (!read.notes().isEmpty()) {
            throw new UnreadablePropertiesException(String.join(" ", read.notes()));
        }
        return read.facts();
    }

    /** A JSON value as the reader's node: a scalar keeps its text, so true and "true", 2 and "2" read alike. */
    private static IacNode node(JsonNode json) {
        if (json.isObject()) {
            Map<String, IacNode> entries = new LinkedHashMap<>();
            json.properties().forEach(field -> entries.put(field.getKey(), node(field.getValue())));
            return new IacNode.Mapping(entries, Map.of(), 0);
        }
        if (json.isArray()) {
            List<IacNode> items = new ArrayList<>();
            json.forEach(item -> items.add(node(item)));
            return new IacNode.Sequence(items, 0);
        }
        return new IacNode.Scalar(json.isNull() ? null : json.asText(), 0);
    }
}
