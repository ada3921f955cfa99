package io.yubl.stores;

import io.yubl.runtime.Clients;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The DynamoDB client functions share: built once, the default way (see {@link Clients}). */
public final class Dynamo {
    private Dynamo() {}

    public static DynamoDbClient client() {
        return Clients.build(DynamoDbClient.builder());
    }
}
