package io.keyguard.iac;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.keyguard.log.IoProblems;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a JSON file (a CloudFormation template or a Terraform plan) into {@link IacNode}s, keeping the line where
 * each value and each key starts. Jackson's streaming parser is used because its tree model forgets locations.
 */
final class JsonTreeReader {

    /** Terraform plans of large workspaces nest deeply; well past that, the file is not a template or plan. */
    private static final int MAX_DEPTH = 500;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();

    private JsonTreeReader() {
    }

    public static IacNode read(Path file) {
        try (JsonParser parser = FACTORY.createParser(file.toFile())) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new UnreadableFileException(file, 0, "is empty");
            }
            IacNode root = value(parser, file);
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                throw new UnreadableFileException(file, lineOf(parser),
                        "not valid JSON: unexpected content after the top-level value");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation location = e.getLocation();
            throw new UnreadableFileException(file, location == null ? 0 : location.getLineNr(),
                    "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UnreadableFileException(file, 0, "cannot be read: " + IoProblems.describe(e));
        }
    }

    private static IacNode value(JsonParser parser, Path file) throws IOException {
        int line = lineOf(parser);
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, IacNode> entries = new LinkedHashMap<>();
                Map<String, Integer> keyLines = new HashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    int keyLine = lineOf(parser);
                    if (entries.containsKey(key)) {
                        throw new UnreadableFileException(file, keyLine, "duplicate key \"" + key
                                + "\" (first at line " + keyLines.get(key) + ")");
                    }
                    parser.nextToken();
                    keyLines.put(key, keyLine);
                    entries.put(key, value(parser, file));
                }
                return new IacNode.Mapping(entries, keyLines, line);
            }
            case START_ARRAY -> {
                List<IacNode> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(value(parser, file));
                }
                return new IacNode.Sequence(items, line);
            }
            case VALUE_NULL -> {
                return new IacNode.Scalar(null, line);
            }
            default -> {
                return new IacNode.Scalar(parser.getText(), line);
            }
        }
    }

    private static int lineOf(JsonParser parser) {
        return parser.currentTokenLocation().getLineNr();
    }
}
