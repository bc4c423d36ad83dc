package io.keyguard.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.ConfigEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyguard.configrule.event.InvalidEventException;
import io.keyguard.configrule.event.InvalidRuleParametersException;
import io.keyguard.testing.FakeAws;
import io.keyguard.testing.LogCapture;
import io.keyguard.testing.RuleFunction;
import io.keyguard.testing.TestEvents;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.BeforeProperty;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * Odd and malformed AWS Config events through the handler, against the local fake: broken or non-JSON
 * invokingEvent and ruleParameters, missing, null and wrongly typed fields, unknown message types, other
 * resource types, very large configuration items, unusual names. Each must be either evaluated exactly as an
 * independent oracle says, or refused with an {@link InvalidEventException} or
 * {@link InvalidRuleParametersException} naming the problem before any AWS call; never another exception, and
 * never a COMPLIANT the oracle does not give.
 */
class MalformedEventPropertiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EC = "AWS::SageMaker::EndpointConfig";
    private static final String ARN_PREFIX = "arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/";
    private static final String RETIRED = ARN_PREFIX + "retired-recommender";
    private static final String OTHER_KEY = "arn:aws:kms:us-east-1:123456789012:key/99999999-5b6a-4987-8a9b-0c1d2e3f4a5b";
    private static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/1f2e3d4c-5b6a-4987-8a9b-0c1d2e3f4a5b";
    /** EndpointConfigName as the SageMaker API Reference gives it: the oracle's own statement of the rule. */
    private static final Pattern SAGEMAKER_NAME = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}");
    private static final Set<String> GONE = Set.of("ResourceDeleted", "ResourceDeletedNotRecorded", "ResourceNotRecorded");
    private static final List<String> REQUIRED_ITEM_FIELDS = List.of("resourceType", "resourceId",
            "configurationItemStatus", "configurationItemCaptureTime");
    private static final Map<String, String> EXISTING = Map.of(
            "fraud-scoring-cmk", "COMPLIANT",
            "churn-model-v3", "NON_COMPLIANT",
            "llm-chat-multivariant", "NOT_APPLICABLE",
            "search-ranking-serverless", "NON_COMPLIANT",
            "recsys-aws-managed-key", "NON_COMPLIANT",
            "ltv-model-disabled-key", "NON_COMPLIANT");

    private static FakeAws aws;
    private static RuleFunction handler;
    private static LogCapture log;
    private static final List<JsonNode> lines = new ArrayList<>();
    private static final AtomicInteger tried = new AtomicInteger();
    private static final AtomicInteger refused = new AtomicInteger();
    private static final AtomicInteger evaluated = new AtomicInteger();
    private static final AtomicInteger wrongVerdicts = new AtomicInteger();
    private static final AtomicInteger otherExceptions = new AtomicInteger();

    @BeforeContainer
    static void start() {
        aws = new FakeAws().withAccountState(Path.of("events/fake-account/state.json"));
        handler = new RuleFunction(aws.clients(FakeAws.TEST_LIMITS));
    }

    /** Each property's log lines, kept for the check at the end. */
    @BeforeProperty
    void captureLog() {
        log = new LogCapture();
    }

    @AfterProperty
    void keepLog() {
        lines.addAll(log.lines());
        log.close();
    }

    @AfterContainer
    static void stop() {
        aws.close();
        System.out.println("malformed-event properties: " + tried.get() + " generated inputs tried; " + refused.get()
                + " refused with a clear error, " + evaluated.get() + " evaluated; wrong verdicts: "
                + wrongVerdicts.get() + "; other exceptions: " + otherExceptions.get() + "; log lines: "
                + lines.size() + ", longest " + lines.stream().mapToInt(l -> l.toString().length()).max().orElse(0)
                + " characters");
        lines.forEach(l -> assertTrue(l.toString().length() < 2048, "a log line is a summary, not a payload"));
    }

    // ---- the properties -------------------------------------------------------------------------

    @Property(tries = 1500)
    @StatisticsReport(onFailureOnly = true)
    void changeNotificationsAreEvaluatedAsTheOracleSaysOrRefusedNamingTheProblem(
            @ForAll("changeEvents") Generated generated) {
        check(generated);
    }

    @Property(tries = 300)
    @StatisticsReport(onFailureOnly = true)
    void scheduledNotificationsAreEvaluatedAsTheOracleSaysOrRefusedNamingTheProblem(
            @ForAll("scheduledEvents") Generated generated) {
        check(generated);
    }

    @Property(tries = 1000)
    @StatisticsReport(onFailureOnly = true)
    void ruleParametersAreAppliedOrRefusedNamingTheParameter(@ForAll("parameterCases") ParameterCase parameters,
                                                             @ForAll("existingNames") String name) {
        ConfigEvent event = TestEvents.change(EC, ARN_PREFIX + name, name, "OK");
        event.setRuleParameters(parameters.json());
        check(new Generated(event, Breakage.NONE, parameters.refusal() != null
                ? Expected.refused(parameters.refusal())
                : Expected.evaluated(EC, ARN_PREFIX + name, parameters.verdictFor(name)), "parameters"));
    }

    /** The oracle's table is the README's verdict table for the fake account; a clean run agrees with it. */
    @Example
    void theOracleAgreesWithACleanRunForEveryParameterSet() {
        for (ParameterCase parameters : ParameterCase.VALID) {
            aws.resetRequests();
            handler.evaluateAndReport(TestEvents.scheduled(parameters.json()));
            Map<String, String> actual = new TreeMap<>();
            aws.evaluationsPut().forEach(e -> actual.put(e.path("ComplianceResourceId").asText(),
                    e.path("ComplianceType").asText()));
            assertEquals(scheduledExpectation(parameters).verdicts(), actual, parameters.json());
        }
    }

    // ---- what is checked for every generated event ----------------------------------------------

    private static void check(Generated generated) {
        tried.incrementAndGet();
        aws.resetRequests();
        RuntimeException thrown = null;
        try {
            handler.evaluateAndReport(generated.bytes());
        } catch (RuntimeException e) {
            thrown = e;
        }
        Expected expected = generated.expected();
        if (thrown != null) {
            if (!(thrown instanceof InvalidEventException || thrown instanceof InvalidRuleParametersException)) {
                otherExceptions.incrementAndGet();
                throw new AssertionError("not a clear refusal for " + generated.label() + ": " + thrown, thrown);
            }
            refused.incrementAndGet();
            Statistics.collect("refused");
            String message = thrown.getMessage();
            assertTrue(expected.refusal() != null, "refused " + generated.label() + " the oracle evaluates: " + message);
            assertTrue(expected.refusal().stream().anyMatch(message::contains),
                    "the message names one of " + expected.refusal() + ": " + message);
            assertTrue(message.length() < 1024 && !message.contains("\n\tat "), "a short message: " + message);
            assertTrue(aws.requests().isEmpty(), "refused before any AWS call");
            return;
        }
        evaluated.incrementAndGet();
        Statistics.collect("evaluated");
        Map<String, String> actual = new TreeMap<>();
        for (JsonNode evaluation : aws.evaluationsPut()) {
            actual.put(evaluation.path("ComplianceResourceType").asText() + " " + evaluation.path("ComplianceResourceId")
                    .asText(), evaluation.path("ComplianceType").asText());
        }
        if (expected.refusal() != null || !expected.typedVerdicts().equals(actual)) {
            wrongVerdicts.incrementAndGet();
        }
        assertEquals(expected.refusal(), null, "evaluated " + generated.label() + " the oracle refuses: " + actual);
        assertEquals(expected.typedVerdicts(), actual, generated.label());
    }

    // ---- generators -----------------------------------------------------------------------------

    @Provide
    Arbitrary<String> existingNames() {
        return Arbitraries.of(EXISTING.keySet());
    }

    @Provide
    Arbitrary<Generated> changeEvents() {
        Arbitrary<Item> items = Combinators.combine(resourceTypes(), names(), statuses(),
                Arbitraries.of(NameSource.values()), Arbitraries.of(false, false, false, true)).as(Item::new);
        return Combinators.combine(items, paddings(), parameterCases(), changeBreakages(),
                Arbitraries.of(false, false, false, false, false, false, false, false, false, true))
                .as(MalformedEventPropertiesTest::changeEvent);
    }

    @Provide
    Arbitrary<Generated> scheduledEvents() {
        Arbitrary<String> times = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just("2026-11-24T09:00:00.373Z")),
                Tuple.of(1, Arbitraries.of("yesterday", "2026-11-24", "2026-13-40T99:00:00Z", "", " ", "1732438800")),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(30)));
        Arbitrary<Breakage> breakages = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(Breakage.NONE)),
                Tuple.of(1, Arbitraries.of(Breakage.DROP, Breakage.NULL, Breakage.WRONG_TYPE, Breakage.UNKNOWN_MESSAGE_TYPE,
                        Breakage.NOT_JSON, Breakage.NOT_AN_OBJECT, Breakage.EMPTY, Breakage.NO_RESULT_TOKEN,
                        Breakage.NO_RULE_NAME, Breakage.RESULT_TOKEN_NOT_A_STRING,
                        Breakage.INVOKING_EVENT_AS_AN_OBJECT, Breakage.BAD_NOTIFICATION_TIME)));
        return Combinators.combine(times, parameterCases(), breakages, Arbitraries.integers().between(0, 1000))
                .as(MalformedEventPropertiesTest::scheduledEvent);
    }

    @Provide
    Arbitrary<ParameterCase> parameterCases() {
        Arbitrary<String> unknownNames = Arbitraries.strings().ofMinLength(0).ofMaxLength(30)
                .filter(n -> !io.keyguard.rule.RuleParameters.NAMES.contains(n));
        Arbitrary<String> notBooleans = Arbitraries.strings().ofMaxLength(12)
                .filter(v -> !Set.of("true", "false").contains(v.trim().toLowerCase(Locale.ROOT)) && !v.isBlank());
        Arbitrary<String> notVerdicts = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20)
                .filter(v -> !Set.of("COMPLIANT", "NON_COMPLIANT", "NOT_APPLICABLE").contains(v.toUpperCase(Locale.ROOT)));
        Arbitrary<ParameterCase> invalid = Arbitraries.oneOf(
                Arbitraries.strings().ofMinLength(1).ofMaxLength(40).map(s -> "{" + s)
                        .filter(s -> !s.replaceAll("\\s", "").equals("{}")).map(ParameterCase::refused),
                Arbitraries.of("[]", "[\"kmsKeyArns\"]", "42", "\"kmsKeyArns\"", "true").map(ParameterCase::refused),
                Arbitraries.of("true", "1", "{}", "[\"a\"]").map(v -> ParameterCase.refused("{\"requireEnabledKey\":" + v + "}")),
                unknownNames.map(n -> ParameterCase.refused(json(Map.of(n, "true")))),
                notBooleans.map(v -> ParameterCase.refused(json(Map.of("requireCustomerManagedKey", v)))),
                notVerdicts.map(v -> ParameterCase.refused(json(Map.of("localStorageVerdict", v)))),
                Arbitraries.strings().withChars("abcxyz/_-0123456789").ofMinLength(1).ofMaxLength(60)
                        .map(v -> ParameterCase.refused(json(Map.of("kmsKeyArns", v)))),
                Arbitraries.strings().alpha().ofMaxLength(10).map(v -> v + "#$%")
                        .map(v -> ParameterCase.refused(json(Map.of("exemptionTagKey", v)))),
                Arbitraries.integers().between(1025, 5000).map(n -> ParameterCase.refused(
                        json(Map.of("kmsKeyArns", KEY + " ".repeat(n))))),
                Arbitraries.just(ParameterCase.refused(json(Map.of("kmsKeyArns", KEY + "," + KEY.replace("us-east-1", ""))))));
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(ParameterCase.VALID)), Tuple.of(1, invalid));
    }

    private static Arbitrary<String> resourceTypes() {
        return Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.just(EC)),
                Tuple.of(1, Arbitraries.of("AWS::SageMaker::Model", "AWS::S3::Bucket", "aws::sagemaker::endpointconfig",
                        "AWS::SageMaker::EndpointConfig ", "AWS::SageMaker::Endpoint")),
                Tuple.of(1, Arbitraries.strings().ofMinLength(1).ofMaxLength(300).filter(s -> !s.isBlank())));
    }

    private static Arbitrary<String> names() {
        Arbitrary<String> alnum = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z')
                .withCharRange('0', '9').ofLength(1);
        Arbitrary<String> valid = Combinators.combine(alnum,
                Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars('-').ofMaxLength(61),
                alnum).as((a, b, c) -> a + b + c);
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(EXISTING.keySet())),
                Tuple.of(1, Arbitraries.of(EXISTING.keySet()).map(n -> n.toUpperCase(Locale.ROOT))),
                Tuple.of(3, valid),
                Tuple.of(1, Arbitraries.strings().withChars("ab-").ofMinLength(60).ofMaxLength(70)),
                Tuple.of(1, Arbitraries.strings().ofMinLength(1).ofMaxLength(40)),
                Tuple.of(1, Arbitraries.strings().alpha().numeric().ofMinLength(64).ofMaxLength(900)),
                Tuple.of(1, Arbitraries.of(ARN_PREFIX + "fraud-scoring-cmk", "../../etc/passwd", "fraud scoring",
                        "fraud\nscoring", "模型-v1", "model-🔥", " fraud-scoring-cmk", "-leading", "trailing-", "a",
                        "fraud-scoring-cmk\u0000", "%66raud", "' OR 1=1 --")));
    }

    private static Arbitrary<String> statuses() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of("OK", "ResourceDiscovered")),
                Tuple.of(2, Arbitraries.of(GONE)),
                Tuple.of(1, Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20)));
    }

    /** Characters added to the configuration: none, a large item, or more than Lambda could deliver. */
    private static Arbitrary<Integer> paddings() {
        return Arbitraries.frequencyOf(
                Tuple.of(20, Arbitraries.just(0)),
                Tuple.of(4, Arbitraries.integers().between(1, 300_000)),
                Tuple.of(1, Arbitraries.just(1_100_000)));
    }

    private static Arbitrary<Breakage> changeBreakages() {
        return Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.just(Breakage.NONE)),
                Tuple.of(1, Arbitraries.of(Breakage.values())));
    }

    // ---- building events and their expected outcome --------------------------------------------

    private static Generated changeEvent(Item item, int padding, ParameterCase parameters, Breakage breakage,
                                         boolean oversized) {
        String messageType = oversized ? "OversizedConfigurationItemChangeNotification"
                : "ConfigurationItemChangeNotification";
        String itemField = oversized ? "configurationItemSummary" : "configurationItem";
        ObjectNode invoking = JSON.createObjectNode().put("messageType", messageType)
                .put("notificationCreationTime", "2026-11-24T08:15:03.117Z");
        ObjectNode ci = invoking.putObject(itemField);
        ci.put("resourceType", item.type()).put("resourceId", item.resourceId())
                .put("configurationItemStatus", item.status())
                .put("configurationItemCaptureTime", "2026-11-24T08:15:01.117Z");
        switch (item.nameSource()) {
            case RESOURCE_NAME -> ci.put("resourceName", item.name());
            case NULL_NAME -> ci.putNull("resourceName");
            case CONFIGURATION_ONLY -> ci.putNull("resourceName").putObject("configuration")
                    .put("EndpointConfigName", item.name());
            case NAME_AS_ID -> { }
        }
        if (padding > 0) {
            ObjectNode configuration = ci.has("configuration") ? (ObjectNode) ci.get("configuration")
                    : ci.putObject("configuration");
            configuration.put("Padding", "x".repeat(padding));
        }
        Expected broken = breakage.applyTo(invoking, itemField);
        String invokingEvent = breakage.serialize(invoking);
        ConfigEvent event = TestEvents.load("change-compliant.json");
        event.setInvokingEvent(invokingEvent);
        event.setRuleParameters(parameters.json());
        event.setEventLeftScope(item.leftScope());
        breakage.applyTo(event);
        Set<String> refusals = refusals(item, invokingEvent, parameters);
        Expected expected = broken != null ? broken.orRefused(refusals) : changeExpectation(item, refusals, parameters);
        return new Generated(event, breakage, expected, item + " padding=" + padding + " " + parameters + " "
                + breakage);
    }

    private static Generated scheduledEvent(String time, ParameterCase parameters, Breakage breakage, int cut) {
        ObjectNode invoking = JSON.createObjectNode().put("awsAccountId", "123456789012")
                .put("notificationCreationTime", time).put("messageType", "ScheduledNotification")
                .put("recordVersion", "1.0");
        Expected broken = breakage.applyTo(invoking, null);
        ConfigEvent event = TestEvents.scheduled(parameters.json());
        event.setInvokingEvent(breakage.serialize(invoking));
        breakage.applyTo(event);
        Expected expected;
        if (broken != null) {
            expected = parameters.refusal() == null ? broken : broken.orRefused(parameters.refusal());
            if (!isTimestamp(time)) {
                // Broken twice: the reader may name either problem first.
                expected = expected.orRefused(Set.of("notificationCreationTime"));
            }
        } else if (!isTimestamp(time)) {
            expected = Expected.refused(Set.of("notificationCreationTime")).orRefused(
                    parameters.refusal() == null ? Set.of() : parameters.refusal());
        } else if (parameters.refusal() != null) {
            expected = Expected.refused(parameters.refusal());
        } else {
            expected = scheduledExpectation(parameters);
        }
        return new Generated(event, breakage, expected, "scheduled time=" + time + " " + parameters + " " + breakage);
    }

    /** What refuses an event whatever else is wrong with it: sizes beyond AWS's limits, bad parameters. */
    private static Set<String> refusals(Item item, String invokingEvent, ParameterCase parameters) {
        Set<String> refusals = new java.util.TreeSet<>();
        if (invokingEvent.length() > 1024 * 1024) {
            refusals.add("invokingEvent is");
        }
        if (item.type().length() > 256) {
            refusals.add("resourceType is");
        }
        if (item.resourceId().length() > 768) {
            refusals.add("resourceId is");
        }
        if (item.resourceId().isBlank()) {
            refusals.add("resourceId is missing");
        }
        if (parameters.refusal() != null) {
            refusals.addAll(parameters.refusal());
        }
        return refusals;
    }

    /** The oracle for a well-formed change: the README's rules, stated again independently of the code. */
    private static Expected changeExpectation(Item item, Set<String> refusals, ParameterCase parameters) {
        if (!refusals.isEmpty()) {
            return Expected.refused(refusals);
        }
        if (!EC.equals(item.type()) || item.leftScope() || GONE.contains(item.status())) {
            return Expected.evaluated(item.type(), item.resourceId(), "NOT_APPLICABLE");
        }
        String name = item.effectiveName();
        if (name.length() > 63 || !SAGEMAKER_NAME.matcher(name).matches()) {
            return Expected.refused(Set.of("not a SageMaker endpoint config name"));
        }
        String lower = name.toLowerCase(Locale.ROOT);
        return Expected.evaluated(EC, item.resourceId(),
                EXISTING.containsKey(lower) ? parameters.verdictFor(lower) : "NOT_APPLICABLE");
    }

    private static Expected scheduledExpectation(ParameterCase parameters) {
        Map<String, String> verdicts = new TreeMap<>();
        EXISTING.keySet().forEach(name -> verdicts.put(ARN_PREFIX + name, parameters.verdictFor(name)));
        verdicts.put(RETIRED, "NOT_APPLICABLE");
        return new Expected(EC, verdicts, null);
    }

    private static boolean isTimestamp(String value) {
        try {
            java.time.Instant.parse(value);
            return !value.isBlank();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String json(Map<String, String> map) {
        try {
            return JSON.writeValueAsString(map);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- values ---------------------------------------------------------------------------------

    /** An event and what must come of it. */
    record Generated(ConfigEvent event, Breakage breakage, Expected expected, String label) {

        /** The document delivered: the event as Lambda hands it over, with the breakage's edits of its fields. */
        byte[] bytes() {
            try {
                ObjectNode document = (ObjectNode) JSON.readTree(TestEvents.bytes(event));
                breakage.applyTo(document);
                return JSON.writeValueAsBytes(document);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return label.length() > 300 ? label.substring(0, 300) + "…" : label;
        }
    }

    /**
     * Either the verdicts (by resource id) the invocation must put, all on one resource type, or the phrases one
     * of which a refusal must contain.
     */
    record Expected(String resourceType, Map<String, String> verdicts, Set<String> refusal) {

        static Expected evaluated(String resourceType, String resourceId, String verdict) {
            return new Expected(resourceType, Map.of(resourceId, verdict), null);
        }

        static Expected refused(Set<String> phrases) {
            return new Expected(null, Map.of(), Set.copyOf(phrases));
        }

        Expected orRefused(Set<String> more) {
            Set<String> phrases = new java.util.TreeSet<>(refusal);
            phrases.addAll(more);
            return refused(phrases);
        }

        Map<String, String> typedVerdicts() {
            Map<String, String> typed = new TreeMap<>();
            verdicts.forEach((id, verdict) -> typed.put(resourceType + " " + id, verdict));
            return typed;
        }
    }

    /** Where the change notification carries the config's name. */
    enum NameSource { RESOURCE_NAME, NULL_NAME, CONFIGURATION_ONLY, NAME_AS_ID }

    record Item(String type, String name, String status, NameSource nameSource, boolean leftScope) {

        String resourceId() {
            return nameSource == NameSource.NAME_AS_ID ? name : ARN_PREFIX + name.toLowerCase(Locale.ROOT);
        }

        /** The name the rule must describe: resourceName, else the configuration's, else the id's last part. */
        String effectiveName() {
            if ((nameSource == NameSource.RESOURCE_NAME || nameSource == NameSource.CONFIGURATION_ONLY)
                    && !name.isBlank()) {
                return name;
            }
            String id = resourceId();
            return id.startsWith(ARN_PREFIX) ? id.substring(ARN_PREFIX.length()) : id;
        }
    }

    /** Rule parameters and their effect: the verdict each existing config gets, or the refusal's phrase. */
    record ParameterCase(String json, Map<String, String> overrides, Set<String> refusal) {

        static final List<ParameterCase> VALID = List.of(
                valid(null, Map.of()), valid("", Map.of()), valid("{}", Map.of()), valid("null", Map.of()),
                valid("{\"exemptionTagKey\":null}", Map.of()),
                valid("{\"requireCustomerManagedKey\":\"false\"}", Map.of("recsys-aws-managed-key", "COMPLIANT")),
                valid("{\"requireCustomerManagedKey\":\" FALSE \"}", Map.of("recsys-aws-managed-key", "COMPLIANT")),
                valid("{\"kmsKeyArns\":\"" + KEY + "\"}", Map.of()),
                valid("{\"kmsKeyArns\":\" " + KEY + " , " + KEY + "\"}", Map.of()),
                valid("{\"kmsKeyArns\":\"" + OTHER_KEY + "\"}", Map.of("fraud-scoring-cmk", "NON_COMPLIANT")),
                valid("{\"localStorageVerdict\":\"non_compliant\"}", Map.of("llm-chat-multivariant", "NON_COMPLIANT")),
                valid("{\"requireEnabledKey\":\"true\",\"requireKeyRotation\":\"false\"}", Map.of()));

        static ParameterCase valid(String json, Map<String, String> overrides) {
            return new ParameterCase(json, overrides, null);
        }

        static ParameterCase refused(String json) {
            return new ParameterCase(json, Map.of(), Set.of("ruleParameters", "Rule parameter", "rule parameter"));
        }

        String verdictFor(String name) {
            return overrides.getOrDefault(name, EXISTING.get(name));
        }

        @Override
        public String toString() {
            String shown = String.valueOf(json);
            return "parameters=" + (shown.length() > 80 ? shown.substring(0, 80) + "…" : shown);
        }
    }

    /** A way to break the event, and the phrase the refusal must then contain. */
    enum Breakage {
        NONE, DROP, NULL, WRONG_TYPE, BAD_TIME, UNKNOWN_MESSAGE_TYPE, NOT_JSON, NOT_AN_OBJECT, EMPTY,
        NO_RESULT_TOKEN, NO_RULE_NAME, RESULT_TOKEN_NOT_A_STRING, INVOKING_EVENT_AS_AN_OBJECT, BAD_NOTIFICATION_TIME;

        /** Changes the invokingEvent tree; returns the expected refusal, or null when this breaks nothing there. */
        Expected applyTo(ObjectNode invoking, String itemField) {
            JsonNode itemNode = itemField == null ? null : invoking.get(itemField);
            ObjectNode target = itemNode instanceof ObjectNode item ? item : invoking;
            String field = itemField == null ? (this == DROP || this == NULL ? "notificationCreationTime" : "messageType")
                    : REQUIRED_ITEM_FIELDS.get(Math.floorMod(invoking.toString().length(), REQUIRED_ITEM_FIELDS.size()));
            switch (this) {
                case DROP -> target.remove(field);
                case NULL -> target.putNull(field);
                case WRONG_TYPE -> {
                    if (itemField != null && invoking.toString().length() % 2 == 0) {
                        invoking.put(itemField, 42);
                        return Expected.refused(Set.of(itemField));
                    }
                    target.putArray(field).add(field);
                }
                case BAD_TIME -> {
                    if (itemField == null) {
                        return null;
                    }
                    target.put("configurationItemCaptureTime", "24/11/2026 08:15");
                    return Expected.refused(Set.of("configurationItemCaptureTime"));
                }
                case UNKNOWN_MESSAGE_TYPE -> {
                    invoking.put("messageType", "ComplianceChangeNotification");
                    return Expected.refused(Set.of("messageType"));
                }
                case NOT_JSON, NOT_AN_OBJECT, EMPTY -> {
                    return Expected.refused(Set.of("invokingEvent"));
                }
                case NO_RESULT_TOKEN -> {
                    return Expected.refused(Set.of("resultToken"));
                }
                case NO_RULE_NAME -> {
                    return Expected.refused(Set.of("configRuleName"));
                }
                case RESULT_TOKEN_NOT_A_STRING -> {
                    return Expected.refused(Set.of("resultToken"));
                }
                case INVOKING_EVENT_AS_AN_OBJECT -> {
                    return Expected.refused(Set.of("invokingEvent is a JSON object"));
                }
                case BAD_NOTIFICATION_TIME -> {
                    invoking.put("notificationCreationTime", "yesterday");
                    return Expected.refused(Set.of("notificationCreationTime"));
                }
                default -> {
                    return null;
                }
            }
            return Expected.refused(Set.of(field));
        }

        String serialize(ObjectNode invoking) {
            String text = invoking.toString();
            return switch (this) {
                case NOT_JSON -> text.substring(0, Math.max(1, text.length() / 2));
                case NOT_AN_OBJECT -> "[" + text + "]";
                case EMPTY -> text.length() % 2 == 0 ? "" : "   ";
                default -> text;
            };
        }

        /** Edits of the delivered document that the events library cannot express: types Config never sends. */
        void applyTo(ObjectNode document) throws java.io.IOException {
            if (this == RESULT_TOKEN_NOT_A_STRING) {
                document.put("resultToken", document.path("invokingEvent").asText().length() % 2 == 0 ? 5 : 1);
            } else if (this == INVOKING_EVENT_AS_AN_OBJECT) {
                document.set("invokingEvent", JSON.readTree(document.path("invokingEvent").asText()));
            }
        }

        void applyTo(ConfigEvent event) {
            if (this == NO_RESULT_TOKEN) {
                event.setResultToken(event.getInvokingEvent().length() % 2 == 0 ? null : " ");
            } else if (this == NO_RULE_NAME) {
                event.setConfigRuleName(event.getInvokingEvent().length() % 2 == 0 ? null : "");
            }
        }
    }
}
