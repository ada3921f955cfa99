package io.yubl.operations;

import io.yubl.middleware.auth.Signer;
import io.yubl.middleware.auth.TokenLifetimes;
import io.yubl.operations.keys.StageSigningKeys;
import io.yubl.operations.replay.KinesisReplay;
import io.yubl.operations.replay.QueueRedrive;
import io.yubl.operations.replay.ReplayReport;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AliasConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionVersion;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The operations bin/deploy and bin/janitor run against a stage on AWS, with the default credentials and region:
 * <ul>
 *   <li>{@code secrets STAGE}: creates the stage's missing secrets ({@link StageSecrets}) and token keys
 *   ({@link StageSigningKeys});</li>
 *   <li>{@code rotate-keys STAGE [--signer NAME] [--grace ISO-8601]}: a new token key for each signer (or the one
 *   named); each signer's current key stays trusted for the grace period ({@link Signer#defaultGrace} by default);</li>
 *   <li>{@code janitor STAGE [--keep N] [--dry-run]}: deletes the versions of the stage's functions that
 *   {@link VersionJanitor} finds unused (keeping the newest N, default 3);</li>
 *   <li>{@code replay events|add-to-feed|fanout-continuations|notification-push STAGE}: replays a dead-letter queue
 *   ({@link KinesisReplay}, {@link QueueRedrive}); exits 1 if anything could not be replayed.</li>
 * </ul>
 * bin/replay runs it against the local cloud too: the SDK's {@code AWS_ENDPOINT_URL_*} variables point it there.
 */
public final class Operations {
    private Operations() {}

    public static void main(String[] args) {
        try {
            run(args);
        } catch (IllegalArgumentException | IllegalStateException | DateTimeParseException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void run(String[] args) {
        if (args.length < 2) {
            usage();
        }
        String stage = args[1];
        switch (args[0]) {
            case "secrets" -> {
                try (SecretsManagerClient secretsManager = SecretsManagerClient.builder()
                        .httpClient(UrlConnectionHttpClient.create())
                        .build()) {
                    new StageSecrets(secretsManager).ensure(stage, System.out::println);
                    new StageSigningKeys(secretsManager, Clock.systemUTC())
                            .ensure(stage, Signer.STAGE, System.out::println);
                }
            }
            case "rotate-keys" -> {
                List<Signer> signers = Signer.STAGE;
                Duration grace = null;
                for (int i = 2; i < args.length; i++) {
                    switch (args[i]) {
                        case "--signer" -> signers = List.of(Signer.named(value(args, ++i)));
                        case "--grace" -> grace = grace(value(args, ++i));
                        default -> usage();
                    }
                }
                try (SecretsManagerClient secretsManager = SecretsManagerClient.builder()
                        .httpClient(UrlConnectionHttpClient.create())
                        .build()) {
                    StageSigningKeys keys = new StageSigningKeys(secretsManager, Clock.systemUTC());
                    for (Signer signer : signers) {
                        Duration signersGrace = grace != null ? grace : signer.defaultGrace(TokenLifetimes.DEFAULT);
                        if (signersGrace.compareTo(signer.defaultGrace(TokenLifetimes.DEFAULT)) < 0) {
                            System.out.println("  note: a grace of " + signersGrace
                                    + " is shorter than the longest token " + signer.name()
                                    + " signs may live; such tokens stop working when its key retires");
                        }
                        System.out.println(keys.rotate(stage, signer, signersGrace, StageSigningKeys.PROPAGATION));
                    }
                }
            }
            case "janitor" -> {
                int keep = 3;
                boolean dryRun = false;
                for (int i = 2; i < args.length; i++) {
                    switch (args[i]) {
                        case "--keep" -> keep = Integer.parseInt(args[++i]);
                        case "--dry-run" -> dryRun = true;
                        default -> usage();
                    }
                }
                try (LambdaClient lambda = LambdaClient.builder()
                        .httpClient(UrlConnectionHttpClient.create())
                        .build()) {
                    janitor(lambda, stage, keep, dryRun);
                }
            }
            case "replay" -> {
                if (args.length < 3) {
                    usage();
                }
                ReplayReport report = replay(args[1], args[2]);
                System.out.println(report);
                System.exit(report.complete() ? 0 : 1);
            }
            default -> usage();
        }
    }

    private static ReplayReport replay(String what, String stage) {
        String prefix = "yubl-" + stage + "-";
        try (SqsClient sqs =
                SqsClient.builder().httpClient(UrlConnectionHttpClient.create()).build()) {
            switch (what) {
                case "events" -> {
                    try (KinesisClient kinesis = KinesisClient.builder()
                                    .httpClient(UrlConnectionHttpClient.create())
                                    .build();
                            LambdaClient lambda = LambdaClient.builder()
                                    .httpClient(UrlConnectionHttpClient.create())
                                    .build()) {
                        String region =
                                new DefaultAwsRegionProviderChain().getRegion().id();
                        return new KinesisReplay(sqs, kinesis, lambda, region, System.out)
                                .replay(url(sqs, prefix + "events-dlq"));
                    }
                }
                case "add-to-feed" -> {
                    return new QueueRedrive(sqs, System.out)
                            .redrive(what, url(sqs, prefix + "add-to-feed-dlq"), url(sqs, prefix + "add-to-feed"));
                }
                case "fanout-continuations" -> {
                    return new QueueRedrive(sqs, System.out)
                            .redrive(
                                    what,
                                    url(sqs, prefix + "fanout-continuations-dlq.fifo"),
                                    url(sqs, prefix + "fanout-continuations.fifo"));
                }
                case "notification-push" -> {
                    return new QueueRedrive(sqs, System.out)
                            .redrive(
                                    what,
                                    url(sqs, prefix + "notification-push-dlq"),
                                    url(sqs, prefix + "notification-push"));
                }
                default -> {
                    usage();
                    return null;
                }
            }
        }
    }

    private static String url(SqsClient sqs, String queueName) {
        return sqs.getQueueUrl(r -> r.queueName(queueName)).queueUrl();
    }

    private static void janitor(LambdaClient lambda, String stage, int keep, boolean dryRun) {
        String prefix = "yubl-" + stage + "-";
        List<String> functions =
                lambda.listFunctionsPaginator(r -> r.functionVersion(FunctionVersion.ALL)).functions().stream()
                        .map(FunctionConfiguration::functionName)
                        .filter(n -> n.startsWith(prefix))
                        .distinct()
                        .toList();
        int deleted = 0;
        for (String function : functions) {
            List<String> versions =
                    lambda.listVersionsByFunctionPaginator(r -> r.functionName(function)).versions().stream()
                            .map(FunctionConfiguration::version)
                            .toList();
            List<VersionJanitor.Alias> aliases =
                    lambda.listAliasesPaginator(r -> r.functionName(function)).aliases().stream()
                            .map(Operations::alias)
                            .toList();
            List<String> unused = VersionJanitor.deletable(versions, aliases, keep);
            for (String version : unused) {
                if (!dryRun) {
                    lambda.deleteFunction(r -> r.functionName(function).qualifier(version));
                }
            }
            deleted += unused.size();
            System.out.printf(
                    "  %-40s %d versions, %s %s%n",
                    function,
                    versions.size() - 1,
                    dryRun ? "would delete" : "deleted",
                    unused.isEmpty() ? "none" : unused);
        }
        System.out.printf(
                "%s %d unused versions of %d functions (kept the newest %d and every aliased one)%n",
                dryRun ? "Would delete" : "Deleted", deleted, functions.size(), keep);
    }

    private static VersionJanitor.Alias alias(AliasConfiguration alias) {
        Map<String, Double> weights =
                alias.routingConfig() == null ? Map.of() : alias.routingConfig().additionalVersionWeights();
        return new VersionJanitor.Alias(alias.name(), alias.functionVersion(), Set.copyOf(weights.keySet()));
    }

    private static Duration grace(String text) {
        try {
            Duration grace = Duration.parse(text);
            if (grace.isNegative() || grace.isZero()) {
                throw new IllegalArgumentException("--grace must be longer than zero, was " + text);
            }
            return grace;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "--grace takes an ISO-8601 duration such as PT24H10M or PT30M, was '" + text + "'");
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            usage();
        }
        return args[i];
    }

    private static void usage() {
        System.err.println(
                "usage: Operations secrets STAGE | Operations rotate-keys STAGE [--signer NAME] [--grace ISO-8601]"
                        + " | Operations janitor STAGE [--keep N] [--dry-run]"
                        + " | Operations replay events|add-to-feed|fanout-continuations|notification-push STAGE");
        System.exit(2);
    }
}
