package io.keyguard.iac;

import io.keyguard.keys.KeyFacts;
import io.keyguard.rule.EndpointConfigFacts;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One endpoint config found in a template or plan, before it is judged: where it is, and the facts of every way it
 * can be deployed (one per combination of the Fn::If conditions it depends on; a single one without conditions).
 *
 * @param file              the template or plan
 * @param line              where the resource starts: its logical id in a template, its object in a plan
 * @param resource          the logical id (template) or the resource address (plan)
 * @param resourceType      AWS::SageMaker::EndpointConfig or aws_sagemaker_endpoint_configuration
 * @param alternatives      the facts of each possible deployment; empty when there is nothing to evaluate
 * @param nothingToEvaluate why there is nothing to evaluate (a plan deletes the resource), else null
 * @param suppression       the author's accepted finding with its reason, or null
 */
record ScannedEndpointConfig(Path file, int line, String resource, String resourceType,
                             List<Alternative> alternatives, String nothingToEvaluate, Suppression suppression) {

    ScannedEndpointConfig(Path file, int line, String resource, String resourceType, List<Alternative> alternatives,
                          String nothingToEvaluate) {
        this(file, line, resource, resourceType, alternatives, nothingToEvaluate, null);
    }

    public ScannedEndpointConfig {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(resource, "resource");
        alternatives = List.copyOf(alternatives);
        if (alternatives.isEmpty() == (nothingToEvaluate == null)) {
            throw new IllegalArgumentException("either alternatives or a reason there are none, for " + resource);
        }
    }

    /**
     * @param conditions the Fn::If conditions this deployment depends on and the value taken, as text
     *                   ("UseCmk is false"); empty when the facts depend on no condition
     * @param facts      what the decision sees
     * @param notes      what the template or plan does not tell (values known only at deployment, a parameter's
     *                   default used, a property that is not an object), in full sentences
     * @param keysCreatedHere KMS keys the same configuration creates, by the reference that names them
     *                   (aws_kms_key.model.arn): what it declares of them stands for what KMS would say
     * @param tagNotes   what is not known about the tags: said only when the rule looks for an exemption tag
     */
    public record Alternative(List<String> conditions, EndpointConfigFacts facts, List<String> notes,
                              Map<String, KeyFacts> keysCreatedHere, List<String> tagNotes) {
        public Alternative {
            conditions = List.copyOf(conditions);
            notes = List.copyOf(notes);
            keysCreatedHere = Map.copyOf(keysCreatedHere);
            tagNotes = List.copyOf(tagNotes);
        }

        public Alternative(List<String> conditions, EndpointConfigFacts facts, List<String> notes) {
            this(conditions, facts, notes, Map.of(), List.of());
        }
    }
}
