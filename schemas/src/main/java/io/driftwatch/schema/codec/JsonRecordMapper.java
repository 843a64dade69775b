package io.driftwatch.schema.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;

/**
 * Schema-driven conversion between plain JSON and Avro records, so producers without an Avro
 * library can send events that are checked against exactly the same schema as binary ones.
 *
 * <p>Rules: absent fields take the schema default (absent without a default is an error naming the
 * field path); unions accept a bare value or Avro-JSON's one-key wrapper; {@code timestamp-millis}
 * accepts epoch milliseconds or ISO-8601; bytes are base64. NaN and ±Infinity number tokens are
 * accepted here so that validation can reject them with its own, clearer reason.
 */
final class JsonRecordMapper {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private JsonRecordMapper() {}

    static IndexedRecord read(byte[] json, Schema schema) throws JsonMappingError {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new JsonMappingError("not valid JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new JsonMappingError("expected a JSON object at the top level");
        }
        return (IndexedRecord) convert(root, schema, "$");
    }

    static byte[] write(IndexedRecord record) {
        try {
            return MAPPER.writeValueAsBytes(toJson(record, record.getSchema()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON for " + record.getSchema().getFullName(), e);
        }
    }

    private static Object convert(JsonNode node, Schema schema, String path) throws JsonMappingError {
        switch (schema.getType()) {
            case RECORD:
                return record(node, schema, path);
            case UNION:
                return union(node, schema, path);
            case NULL:
                if (node == null || node.isNull()) {
                    return null;
                }
                throw new JsonMappingError(path + ": expected null");
            case STRING:
                if (node != null && node.isTextual()) {
                    return node.asText();
                }
                throw mismatch(path, "a string", node);
            case ENUM:
                if (node != null && node.isTextual() && schema.hasEnumSymbol(node.asText())) {
                    return SpecificData.get().createEnum(node.asText(), schema);
                }
                throw mismatch(path, "one of " + schema.getEnumSymbols(), node);
            case DOUBLE:
            case FLOAT:
                if (node != null && node.isNumber()) {
                    return schema.getType() == Schema.Type.DOUBLE ? node.doubleValue() : node.floatValue();
                }
                throw mismatch(path, "a number", node);
            case LONG:
                return longValue(node, schema, path);
            case INT:
                if (node != null && node.canConvertToInt() && node.isIntegralNumber()) {
                    return node.intValue();
                }
                throw mismatch(path, "an integer", node);
            case BOOLEAN:
                if (node != null && node.isBoolean()) {
                    return node.booleanValue();
                }
                throw mismatch(path, "true or false", node);
            case BYTES:
                if (node != null && node.isTextual()) {
                    try {
                        return ByteBuffer.wrap(Base64.getDecoder().decode(node.asText()));
                    } catch (IllegalArgumentException e) {
                        throw new JsonMappingError(path + ": expected base64 bytes");
                    }
                }
                throw mismatch(path, "base64 bytes", node);
            case MAP:
                return map(node, schema, path);
            case ARRAY:
                return array(node, schema, path);
            default:
                throw new JsonMappingError(path + ": unsupported schema type " + schema.getType());
        }
    }

    private static IndexedRecord record(JsonNode node, Schema schema, String path) throws JsonMappingError {
        if (node == null || !node.isObject()) {
            throw mismatch(path, "an object", node);
        }
        IndexedRecord record = (IndexedRecord) SpecificData.get().newRecord(null, schema);
        for (Schema.Field field : schema.getFields()) {
            JsonNode value = node.get(field.name());
            String fieldPath = path + "." + field.name();
            if (value == null) {
                if (!field.hasDefaultValue()) {
                    throw new JsonMappingError(fieldPath + ": required field is missing");
                }
                record.put(field.pos(), SpecificData.get().deepCopy(field.schema(),
                        GenericData.get().getDefaultValue(field)));
            } else {
                record.put(field.pos(), convert(value, field.schema(), fieldPath));
            }
        }
        return record;
    }

    private static Object union(JsonNode node, Schema schema, String path) throws JsonMappingError {
        if (node == null || node.isNull()) {
            if (schema.getIndexNamed("null") != null) {
                return null;
            }
            throw new JsonMappingError(path + ": null is not allowed");
        }
        if (node.isObject() && node.size() == 1) {
            String branchName = node.fieldNames().next();
            Integer branch = schema.getIndexNamed(branchName);
            if (branch != null) {
                return convert(node.get(branchName), schema.getTypes().get(branch), path);
            }
        }
        List<String> tried = new ArrayList<>();
        for (Schema branch : schema.getTypes()) {
            if (branch.getType() == Schema.Type.NULL) {
                continue;
            }
            try {
                return convert(node, branch, path);
            } catch (JsonMappingError e) {
                tried.add(branch.getName());
            }
        }
        throw mismatch(path, "one of " + tried, node);
    }

    private static Object longValue(JsonNode node, Schema schema, String path) throws JsonMappingError {
        boolean timestamp = schema.getLogicalType() instanceof LogicalTypes.TimestampMillis;
        if (node != null && node.isIntegralNumber() && node.canConvertToLong()) {
            return timestamp ? Instant.ofEpochMilli(node.longValue()) : (Object) node.longValue();
        }
        if (timestamp && node != null && node.isTextual()) {
            try {
                return Instant.parse(node.asText());
            } catch (DateTimeParseException e) {
                throw new JsonMappingError(path + ": '" + abbreviate(node.asText()) + "' is not an ISO-8601 instant");
            }
        }
        throw mismatch(path, timestamp ? "epoch milliseconds or an ISO-8601 instant" : "an integer", node);
    }

    private static Map<String, Object> map(JsonNode node, Schema schema, String path) throws JsonMappingError {
        if (node == null || !node.isObject()) {
            throw mismatch(path, "an object", node);
        }
        Map<String, Object> map = new HashMap<>();
        var fields = node.fields();
        while (fields.hasNext()) {
            var entry = fields.next();
            map.put(entry.getKey(), convert(entry.getValue(), schema.getValueType(), path + "." + entry.getKey()));
        }
        return map;
    }

    private static List<Object> array(JsonNode node, Schema schema, String path) throws JsonMappingError {
        if (node == null || !node.isArray()) {
            throw mismatch(path, "an array", node);
        }
        List<Object> list = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            list.add(convert(node.get(i), schema.getElementType(), path + "[" + i + "]"));
        }
        return list;
    }

    private static JsonNode toJson(Object value, Schema schema) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (value == null) {
            return nodes.nullNode();
        }
        switch (schema.getType()) {
            case RECORD: {
                GenericRecord record = (GenericRecord) value;
                ObjectNode object = nodes.objectNode();
                for (Schema.Field field : schema.getFields()) {
                    object.set(field.name(), toJson(record.get(field.pos()), field.schema()));
                }
                return object;
            }
            case UNION:
                return toJson(value, schema.getTypes().get(GenericData.get().resolveUnion(schema, value)));
            case MAP: {
                ObjectNode object = nodes.objectNode();
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    object.set(entry.getKey().toString(), toJson(entry.getValue(), schema.getValueType()));
                }
                return object;
            }
            case ARRAY: {
                ArrayNode array = nodes.arrayNode();
                for (Object element : (Iterable<?>) value) {
                    array.add(toJson(element, schema.getElementType()));
                }
                return array;
            }
            case LONG:
                long number = value instanceof Instant instant ? instant.toEpochMilli() : (Long) value;
                return nodes.numberNode(number);
            case INT:
                return nodes.numberNode((Integer) value);
            case DOUBLE:
                return nodes.numberNode((Double) value);
            case FLOAT:
                return nodes.numberNode((Float) value);
            case BOOLEAN:
                return nodes.booleanNode((Boolean) value);
            case BYTES: {
                ByteBuffer buffer = ((ByteBuffer) value).duplicate();
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                return nodes.textNode(Base64.getEncoder().encodeToString(bytes));
            }
            default:
                return nodes.textNode(value.toString());
        }
    }

    private static JsonMappingError mismatch(String path, String expected, JsonNode actual) {
        String got = actual == null ? "nothing" : actual.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        return new JsonMappingError(path + ": expected " + expected + ", got " + got);
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable input";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** A JSON document that does not fit the schema; the message names the field path. */
    static final class JsonMappingError extends Exception {
        JsonMappingError(String message) {
            super(message, null, false, false);
        }
    }
}
