package io.yubl.localcloud;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.yubl.contracts.Chunks;
import io.yubl.contracts.RetryPolicy;
import io.yubl.localcloud.client.LocalEndpoints;
import io.yubl.middleware.RecordData;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.coordinator.CoordinatorConfig;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.coordinator.migration.MigrationState;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.metrics.NullMetricsFactory;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.retrieval.KinesisClientRecord;
import software.amazon.kinesis.retrieval.polling.PollingConfig;

/**
 * A Kinesis event source mapping, run on the Kinesis Client Library (one KCL application per function, polling): KCL
 * leases the shards and reads them; each batch goes to the function as a KinesisEvent. The function's
 * {@code batchItemFailures} are honoured as Lambda honours them: the shard is checkpointed before the first failed
 * record and retried from it, with backoff, up to {@code MaximumRetryAttempts}; then the batch is bisected (when
 * {@code BisectBatchOnFunctionError}) until the failing record stands alone, and the on-failure destination gets what
 * Lambda sends it: the metadata of that batch (shard, sequence numbers, the condition), never the record itself. A
 * shard never moves past a record that has not been processed or dead-lettered, so a
 * host restarted mid-stream resumes from its checkpoints and loses nothing.
 */
final class KinesisSource implements AutoCloseable {
    /** Lambda polls each shard of a standard (not enhanced fan-out) event source once a second. */
    static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
    /**
     * How long a lease goes unrenewed before another worker may take it. Leases are renewed three times in it, and the
     * free ones taken every two of it: at KCL's default (10 s) a new shard's lease waits up to 20 s to be taken, at 1 s
     * DynamoDB Local renewed 30 leases a second.
     */
    static final Duration LEASE_FAILOVER = Duration.ofSeconds(2);
    /**
     * How often KCL lists the stream's shards against the lease table. A host's first leases wait for it: at KCL's
     * default (60 s) the host started holding its shards 89 s after its start, at 1 s after 39 s, with the five
     * functions listing shards five times a second for as long as the host runs.
     */
    static final Duration SHARD_SYNC_INTERVAL = Duration.ofSeconds(5);

    private final LambdaFunction function;
    private final String streamName;
    private final String streamArn;
    private final int batchSize;
    private final int maxRetries;
    private final boolean bisect;
    private final OnFailureDestination onFailure;
    private final RetryPolicy backoff = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(2));
    private final Scheduler scheduler;
    private final Set<String> shardsHeld = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private final int openShards;

    KinesisSource(
            LambdaFunction function,
            String streamArn,
            Map<String, Object> properties,
            OnFailureDestination onFailure,
            KinesisAsyncClient kinesis,
            DynamoDbAsyncClient dynamodb,
            CloudWatchAsyncClient cloudwatch) {
        this.function = function;
        this.streamArn = streamArn;
        this.streamName = streamArn.substring(streamArn.lastIndexOf('/') + 1);
        this.batchSize = intValue(properties.getOrDefault("BatchSize", 100));
        this.maxRetries = intValue(properties.getOrDefault("MaximumRetryAttempts", 3));
        this.bisect =
                Boolean.parseBoolean(String.valueOf(properties.getOrDefault("BisectBatchOnFunctionError", false)));
        this.onFailure = onFailure;
        InitialPositionInStream position = "LATEST".equals(properties.get("StartingPosition"))
                ? InitialPositionInStream.LATEST
                : InitialPositionInStream.TRIM_HORIZON;
        ConfigsBuilder configs = new ConfigsBuilder(
                streamName,
                function.name(),
                kinesis,
                dynamodb,
                cloudwatch,
                function.name() + "-" + UUID.randomUUID().toString().substring(0, 8),
                ShardProcessor::new);
        takeOverLeaseTable(dynamodb, function.name());
        this.scheduler = new Scheduler(
                configs.checkpointConfig(),
                // KCL in pure 2.x mode: the migration mode (COMPATIBLE_WITH_2X) switches itself to 3.x after 10
                // minutes, and a 3.x worker restarted after a crash waits for its dead predecessor's leader lock (2
                // minutes) before it takes any shard
                configs.coordinatorConfig()
                        .clientVersionConfig(
                                CoordinatorConfig.ClientVersionConfig.CLIENT_VERSION_CONFIG_COMPATIBLE_WITH_2X_PHASE1),
                configs.leaseManagementConfig()
                        .shardSyncIntervalMillis(SHARD_SYNC_INTERVAL.toMillis())
                        .failoverTimeMillis(LEASE_FAILOVER.toMillis()),
                configs.lifecycleConfig(),
                configs.metricsConfig().metricsFactory(new NullMetricsFactory()),
                configs.processorConfig(),
                configs.retrievalConfig()
                        .initialPositionInStreamExtended(InitialPositionInStreamExtended.newInitialPosition(position))
                        .retrievalSpecificConfig(new PollingConfig(streamName, kinesis)
                                .maxRecords(Math.max(batchSize, 100))
                                .idleTimeBetweenReadsInMillis(POLL_INTERVAL.toMillis())));
        this.openShards = kinesis.describeStreamSummary(r -> r.streamName(streamName))
                .join()
                .streamDescriptionSummary()
                .openShardCount();
        this.thread = new Thread(scheduler, "kcl-" + function.name());
        this.thread.setDaemon(true);
    }

    /**
     * Makes the function's lease table this host's, which is its only worker. It deletes the 2.x-to-3.x migration
     * state a host of an earlier version may have left there (KCL keeps it under {@code Migration3.0} and resumes the
     * mode it names, whatever it is configured with). And it takes every lease from its owner: an owner left there is
     * a host that died (killed, or crashed) without giving its leases back. KCL takes an unowned lease at its first
     * scan, where an owned one waits out {@link #LEASE_FAILOVER} after that scan.
     */
    private static void takeOverLeaseTable(DynamoDbAsyncClient dynamodb, String leaseTable) {
        try {
            dynamodb.deleteItem(r -> r.tableName(leaseTable)
                            .key(Map.of("leaseKey", AttributeValue.fromS(MigrationState.MIGRATION_HASH_KEY))))
                    .join();
            List<AttributeValue> owned = new ArrayList<>();
            dynamodb.scanPaginator(r -> r.tableName(leaseTable)
                            .projectionExpression("leaseKey")
                            .filterExpression("attribute_exists(leaseOwner)"))
                    .items()
                    .subscribe(item -> owned.add(item.get("leaseKey")))
                    .join();
            for (AttributeValue leaseKey : owned) {
                dynamodb.updateItem(r -> r.tableName(leaseTable)
                                .key(Map.of("leaseKey", leaseKey))
                                .updateExpression("REMOVE leaseOwner"))
                        .join();
            }
        } catch (CompletionException e) {
            if (!(e.getCause() instanceof ResourceNotFoundException)) {
                throw e;
            }
            // no lease table yet: KCL creates it
        }
    }

    void start() {
        thread.start();
    }

    String describe() {
        return "Kinesis " + streamName + " -> " + function.name() + " (batch " + batchSize + ", retries " + maxRetries
                + (bisect ? ", bisect" : "") + ")";
    }

    int openShards() {
        return openShards;
    }

    String functionName() {
        return function.name();
    }

    int shardsHeld() {
        return shardsHeld.size();
    }

    @Override
    public void close() {
        try {
            scheduler.startGracefulShutdown().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            scheduler.shutdown();
        }
    }

    private final class ShardProcessor implements ShardRecordProcessor {
        private String shardId;

        @Override
        public void initialize(InitializationInput input) {
            shardId = input.shardId();
            shardsHeld.add(shardId);
        }

        @Override
        public void processRecords(ProcessRecordsInput input) {
            for (List<KinesisClientRecord> batch : Chunks.of(input.records(), batchSize)) {
                deliver(batch, input.checkpointer());
            }
        }

        /** Delivers until every record is processed or dead-lettered, checkpointing as it goes. */
        private void deliver(List<KinesisClientRecord> batch, RecordProcessorCheckpointer checkpointer) {
            List<KinesisClientRecord> pending = batch;
            int attempts = 0;
            while (!pending.isEmpty()) {
                Outcome outcome = invoke(pending);
                if (outcome.firstFailure < 0) {
                    checkpoint(checkpointer, pending.get(pending.size() - 1));
                    return;
                }
                if (outcome.firstFailure > 0) {
                    checkpoint(checkpointer, pending.get(outcome.firstFailure - 1));
                    pending = pending.subList(outcome.firstFailure, pending.size());
                    attempts = 0;
                    continue;
                }
                attempts++;
                if (attempts <= maxRetries) {
                    backoff.pause(attempts);
                } else if (bisect && pending.size() > 1) {
                    int half = pending.size() / 2;
                    deliver(pending.subList(0, half), checkpointer);
                    deliver(pending.subList(half, pending.size()), checkpointer);
                    return;
                } else {
                    KinesisClientRecord failed = pending.get(0);
                    sendToOnFailure(failed, outcome, attempts);
                    checkpoint(checkpointer, failed);
                    pending = pending.subList(1, pending.size());
                    attempts = 0;
                }
            }
        }

        /** Where the batch failed (-1: it did not), why, and Lambda's functionError if the invocation itself failed. */
        private record Outcome(int firstFailure, String reason, String functionError) {}

        private Outcome invoke(List<KinesisClientRecord> records) {
            try {
                StreamsEventResponse response = function.invoke(event(records), StreamsEventResponse.class);
                if (response == null
                        || response.getBatchItemFailures() == null
                        || response.getBatchItemFailures().isEmpty()) {
                    return new Outcome(-1, null, null);
                }
                Set<String> failed = new HashSet<>();
                response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
                for (int i = 0; i < records.size(); i++) {
                    if (failed.contains(records.get(i).sequenceNumber())) {
                        return new Outcome(i, "the function reported the record as failed (batchItemFailures)", null);
                    }
                }
                // failures naming no record of the batch: Lambda retries the whole batch
                return new Outcome(0, "the function reported failures naming no record of the batch: " + failed, null);
            } catch (RuntimeException | Error e) {
                System.err.println("[host] " + function.name() + " " + shardId + ": " + e.getMessage());
                return new Outcome(0, "the function failed: " + e.getMessage(), "Unhandled");
            }
        }

        private void sendToOnFailure(KinesisClientRecord record, Outcome outcome, int attempts) {
            OnFailureDestination.KinesisBatch batch = new OnFailureDestination.KinesisBatch(
                    function.name(),
                    streamArn,
                    shardId,
                    record.sequenceNumber(),
                    record.sequenceNumber(),
                    record.approximateArrivalTimestamp(),
                    record.approximateArrivalTimestamp(),
                    1,
                    attempts,
                    outcome.functionError());
            System.err.println("[host] " + function.name() + " " + shardId + ": record " + record.sequenceNumber()
                    + " skipped after " + attempts + " attempts (" + outcome.reason()
                    + "); its metadata goes to the on-failure destination");
            while (true) {
                try {
                    onFailure.send(batch);
                    return;
                } catch (RuntimeException e) {
                    // the shard must not move past a record that is neither processed nor accounted for
                    System.err.println(
                            "[host] " + function.name() + ": on-failure destination unavailable, retrying: " + e);
                    backoff.pause(5);
                }
            }
        }

        private KinesisEvent event(List<KinesisClientRecord> records) {
            List<KinesisEvent.KinesisEventRecord> list = new ArrayList<>(records.size());
            for (KinesisClientRecord r : records) {
                KinesisEvent.Record kinesis = new KinesisEvent.Record();
                kinesis.setKinesisSchemaVersion("1.0");
                kinesis.setPartitionKey(r.partitionKey());
                kinesis.setSequenceNumber(r.sequenceNumber());
                kinesis.setData(ByteBuffer.wrap(RecordData.bytes(r.data())));
                kinesis.setApproximateArrivalTimestamp(
                        r.approximateArrivalTimestamp() == null
                                ? new Date()
                                : Date.from(r.approximateArrivalTimestamp()));
                KinesisEvent.KinesisEventRecord record = new KinesisEvent.KinesisEventRecord();
                record.setKinesis(kinesis);
                record.setEventSource("aws:kinesis");
                record.setEventVersion("1.0");
                record.setEventID(shardId + ":" + r.sequenceNumber());
                record.setEventName("aws:kinesis:record");
                record.setEventSourceARN(streamArn);
                record.setAwsRegion(LocalEndpoints.REGION);
                record.setInvokeIdentityArn("arn:aws:iam::" + LocalEndpoints.ACCOUNT_ID + ":role/" + function.name());
                list.add(record);
            }
            KinesisEvent event = new KinesisEvent();
            event.setRecords(list);
            return event;
        }

        private void checkpoint(RecordProcessorCheckpointer checkpointer, KinesisClientRecord record) {
            try {
                checkpointer.checkpoint(record.sequenceNumber(), record.subSequenceNumber());
            } catch (Exception e) {
                // not fatal: a lost checkpoint means redelivery, and every processor is idempotent
                System.err.println("[host] " + function.name() + " " + shardId + ": checkpoint failed: " + e);
            }
        }

        @Override
        public void leaseLost(LeaseLostInput input) {
            shardsHeld.remove(shardId);
        }

        @Override
        public void shardEnded(ShardEndedInput input) {
            try {
                input.checkpointer().checkpoint();
            } catch (Exception e) {
                System.err.println(
                        "[host] " + function.name() + " " + shardId + ": checkpoint at shard end failed: " + e);
            }
            shardsHeld.remove(shardId);
        }

        @Override
        public void shutdownRequested(ShutdownRequestedInput input) {
            shardsHeld.remove(shardId);
        }
    }

    private static int intValue(Object value) {
        return Integer.parseInt(String.valueOf(value));
    }
}
