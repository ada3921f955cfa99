package io.yubl.stores;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** Where a DynamoDB query left off. */
public final class Positions {
    private Positions() {}

    /** The position after this page, or null when it was the last. */
    public static Map<String, AttributeValue> after(QueryResponse page) {
        return page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
    }
}
