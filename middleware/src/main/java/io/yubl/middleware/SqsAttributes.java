package io.yubl.middleware;

import io.yubl.runtime.Correlation;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** SQS message attributes as the middleware sends them: the current correlation ids, and plain text values. */
public final class SqsAttributes {
    private SqsAttributes() {}

    /** The current correlation ids, one String attribute each. */
    public static Map<String, MessageAttributeValue> correlation() {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        Correlation.ids().forEach((k, v) -> attributes.put(k, text(v)));
        return attributes;
    }

    public static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder()
                .dataType("String")
                .stringValue(value)
                .build();
    }
}
