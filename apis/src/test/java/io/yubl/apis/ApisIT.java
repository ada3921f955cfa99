package io.yubl.apis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.yubl.contracts.Contracts;
import io.yubl.localcloud.client.AwsClients;
import io.yubl.localcloud.client.DevTokens;
import io.yubl.localcloud.client.LocalEndpoints;
import io.yubl.localcloud.client.RunningPipeline;
import io.yubl.middleware.auth.Principal;
import io.yubl.operations.StageSecrets;
import io.yubl.stores.Cursors;
import io.yubl.stores.it.LocalStores;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Every route of the read APIs over HTTP, behind the authorizer, on the running local cloud: answers and errors. */
class ApisIT {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static RunningPipeline pipeline;
    private static LocalStores stores;
    private static String reader;
    private static String author;
    private static String authorTag;
    private static String readerToken;

    @BeforeAll
    static void setUp() {
        pipeline = RunningPipeline.shared();
        stores = LocalStores.shared();
        authorTag = UUID.randomUUID().toString().substring(0, 6);
        // her first name is accented and unique, so that only accent folding can find her by "ada" and the tag
        author = pipeline.call(
                        "POST",
                        "/legacy/users",
                        null,
                        "{\"username\":\"countess_" + authorTag + "\",\"firstName\":\"Ådä" + authorTag + "\","
                                + "\"lastName\":\"Lovelace" + authorTag + "\"}")
                .get("userId")
                .asText();
        reader = pipeline.join("Reader");
        readerToken = "Bearer " + DevTokens.user(reader);
        pipeline.follow(reader, author);
        await().atMost(PATIENCE).until(() -> stores.relationships.isFollowing(reader, author));
    }

    @Test
    void the_feed_is_newest_first_hydrated_and_pages_return_every_item_once_while_new_ones_arrive() {
        List<String> first = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            first.add(pipeline.post(author, "yubl " + i, null));
        }
        await().atMost(PATIENCE).until(() -> stores.feedYubls(reader).containsAll(first));

        JsonNode page = get("/feed?limit=3", readerToken);
        List<String> seen = new ArrayList<>(ids(page));
        assertThat(page.get("items").get(0).get("text").asText()).isEqualTo("yubl 6");
        assertThat(page.get("items").get(0).get("authorId").asText()).isEqualTo(author);

        List<String> later = List.of(pipeline.post(author, "late 1", null), pipeline.post(author, "late 2", null));
        await().atMost(PATIENCE).until(() -> stores.feedYubls(reader).containsAll(later));
        while (!page.get("nextCursor").isNull()) {
            page = get(
                    "/feed?limit=3&cursor="
                            + URLEncoder.encode(page.get("nextCursor").asText(), UTF_8),
                    readerToken);
            seen.addAll(ids(page));
        }

        List<String> newestFirst = new ArrayList<>(first);
        Collections.reverse(newestFirst);
        assertThat(seen).containsExactlyElementsOf(newestFirst);
        assertThat(ids(get("/feed?limit=2", readerToken))).containsExactly(later.get(1), later.get(0));
    }

    @Test
    void a_yubl_can_be_read_and_a_missing_or_deleted_one_is_404() {
        String yublId = pipeline.post(author, "read me", null);
        await().atMost(PATIENCE).until(() -> stores.yubls.get(yublId).isPresent());

        assertThat(get("/yubls/" + yublId, readerToken).get("text").asText()).isEqualTo("read me");
        assertError(send("/yubls/no-such-yubl", readerToken), 404, null);

        pipeline.delete(author, yublId);
        await().atMost(PATIENCE).until(() -> stores.yubls.isDeleted(yublId));
        assertError(send("/yubls/" + yublId, readerToken), 404, null);
    }

    @Test
    void users_are_found_by_name_prefix_case_accents_and_a_typo_with_an_exact_username_first() {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        String grace = pipeline.call(
                        "POST",
                        "/legacy/users",
                        null,
                        "{\"username\":\"grace" + tag + "\",\"firstName\":\"Grace\",\"lastName\":\"Hopper" + tag
                                + "\"}")
                .get("userId")
                .asText();
        String graceful = pipeline.call(
                        "POST",
                        "/legacy/users",
                        null,
                        "{\"username\":\"grace" + tag + "x\",\"firstName\":\"Gracie\",\"lastName\":\"Hopper" + tag
                                + "\"}")
                .get("userId")
                .asText();
        await().atMost(PATIENCE).until(() -> searchIds("hopper" + tag).containsAll(List.of(grace, graceful)));

        assertThat(searchIds("grace" + tag)).first().isEqualTo(grace);
        assertThat(searchIds("HOPPER" + tag.substring(0, 3).toUpperCase(Locale.ROOT)))
                .as("case folded")
                .contains(grace);
        assertThat(searchIds("hoper" + tag)).as("one typo").contains(grace, graceful);
        // (queries unique to this run: the local cloud's index keeps every earlier run's Adas and Hoppers)
        assertThat(searchIds("ada" + authorTag)).as("accents folded").contains(author);
        assertThat(searchIds("lovelace" + authorTag.substring(0, 3)))
                .as("last name prefix")
                .contains(author);
    }

    @Test
    void followers_and_following_are_listed() {
        assertThat(get("/users/" + author + "/followers", readerToken).get("items"))
                .extracting(i -> i.get("userId").asText())
                .contains(reader);
        assertThat(get("/users/" + reader + "/following", readerToken).get("items"))
                .extracting(i -> i.get("userId").asText())
                .contains(author);
    }

    @Test
    void followers_come_in_pages_of_up_to_1000_each_follower_once() throws Exception {
        // Given a star with 1,200 followers (written straight to the relationships table)
        String star = "star-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> followers =
                IntStream.range(0, 1_200).mapToObj(i -> star + "-fan-" + i).toList();
        stores.followedBy(star, followers, Instant.now());

        // When a page of 1,000 is asked for, and then the rest
        JsonNode first = get("/users/" + star + "/followers?limit=1000", readerToken);
        JsonNode rest = get(
                "/users/" + star + "/followers?limit=1000&cursor="
                        + URLEncoder.encode(first.get("nextCursor").asText(), UTF_8),
                readerToken);

        // Then the first page holds 1,000, the second the other 200 and no cursor, and no follower is listed twice
        assertThat(first.get("items")).hasSize(1_000);
        assertThat(rest.get("items")).hasSize(200);
        assertThat(rest.get("nextCursor").isNull()).isTrue();
        List<String> listed = new ArrayList<>();
        first.get("items").forEach(i -> listed.add(i.get("userId").asText()));
        rest.get("items").forEach(i -> listed.add(i.get("userId").asText()));
        assertThat(listed).containsExactlyInAnyOrderElementsOf(followers);
    }

    @Test
    void missing_malformed_forged_and_expired_tokens_are_401s() {
        String forged = "Bearer " + ForgedTokens.withTheMonolithsKidAndAnotherKey(Principal.user(reader));
        String expired =
                "Bearer " + ForgedTokens.signedAt(Instant.now().minus(Duration.ofDays(2)), Principal.user(reader));

        assertError(send("/feed", null), 401, null);
        assertError(send("/feed", "Bearer not-a-token"), 401, null);
        assertError(send("/feed", "Basic dXNlcjpwYXNz"), 401, null);
        assertThat(assertError(send("/feed", forged), 401, null).get("message").asText())
                .contains("signature");
        assertThat(assertError(send("/feed", expired), 401, null).get("message").asText())
                .contains("expired");
    }

    @Test
    void unsigned_hmac_and_unknown_key_tokens_are_401s() {
        // Given tokens for the reader: alg none, HS256 naming the monolith's kid, ES256 by a key the stage
        // never published
        String unsigned = "Bearer " + ForgedTokens.unsigned(Principal.user(reader));
        String hmac = "Bearer " + ForgedTokens.hs256(Principal.user(reader));
        String unknownKid = "Bearer " + ForgedTokens.withAnUnknownKid(Principal.user(reader));

        // When they are used / Then each is a 401 that says why
        assertThat(assertError(send("/feed", unsigned), 401, null)
                        .get("message")
                        .asText())
                .contains("malformed");
        assertThat(assertError(send("/feed", hmac), 401, null).get("message").asText())
                .contains("not signed with ES256");
        assertThat(assertError(send("/feed", unknownKid), 401, null)
                        .get("message")
                        .asText())
                .contains("does not trust");
    }

    @Test
    void distribute_yubls_key_cannot_sign_for_a_user_or_for_the_monolith() {
        // Given tokens signed with distribute-yubl's own key, for a user and for the monolith
        String asUser =
                "Bearer " + DevTokens.signedBy("distribute-yubl").issue(Principal.user("x"), Duration.ofMinutes(10));
        String asMonolith = "Bearer "
                + DevTokens.signedBy("distribute-yubl")
                        .issue(Principal.service("legacy-monolith"), Duration.ofMinutes(10));
        String asItself = "Bearer "
                + DevTokens.signedBy("distribute-yubl")
                        .issue(Principal.service("distribute-yubl"), Duration.ofMinutes(10));

        // When they are used
        JsonNode feed = assertError(send("/feed", asUser), 401, null);
        HttpResponse<String> facade =
                pipeline.send("POST", "/legacy/users", "it-signers", "{\"username\":\"x\"}", asMonolith);

        // Then both are 401s naming neither the key nor the subject, and its own token still reads followers
        assertThat(feed.get("message").asText())
                .isEqualTo("the bearer token is signed by a key that may not sign for its subject");
        assertThat(assertError(facade, 401, null).get("message").asText())
                .isEqualTo("the bearer token is signed by a key that may not sign for its subject");
        assertThat(get("/users/" + author + "/followers", asItself).get("items"))
                .isNotNull();
    }

    @Test
    void a_token_that_lives_longer_than_the_stage_allows_is_a_401_though_its_own_key_signed_it() {
        // Given tokens signed with the stage's key: a user's of 48 h, the monolith's of 2 h
        String userFor48Hours = "Bearer " + DevTokens.local().issue(Principal.user(reader), Duration.ofHours(48));
        String monolithFor2Hours =
                "Bearer " + DevTokens.local().issue(Principal.service("legacy-monolith"), Duration.ofHours(2));

        // When they are used / Then
        assertThat(assertError(send("/feed", userFor48Hours), 401, null)
                        .get("message")
                        .asText())
                .contains("at most 24h");
        HttpResponse<String> facade =
                pipeline.send("POST", "/legacy/users", "it-lifetime", "{\"username\":\"x\"}", monolithFor2Hours);
        assertThat(assertError(facade, 401, null).get("message").asText()).contains("at most 1h");
        assertThat(get("/feed", "Bearer " + DevTokens.local().issue(Principal.user(reader), Duration.ofHours(24)))
                        .has("items"))
                .isTrue();
    }

    @Test
    void what_a_caller_may_not_do_is_a_403() {
        String someoneElse = UUID.randomUUID().toString();

        assertError(send("/users/" + someoneElse + "/feed", readerToken), 403, null);
        assertThat(get("/users/" + reader + "/feed", readerToken).has("items")).isTrue();
        assertError(send("/feed", "Bearer " + DevTokens.service("legacy-monolith")), 403, null);
        HttpResponse<String> userOnFacade =
                pipeline.send("POST", "/legacy/users", "it-403", "{\"username\":\"x\"}", readerToken);
        assertError(userOnFacade, 403, null);
    }

    @ParameterizedTest(name = "{0} -> 400 naming {1}")
    @CsvSource({
        "/feed?limit=abc, limit",
        "/feed?limit=0, limit",
        "/feed?limit=101, limit",
        "/feed?cursor=garbage, cursor",
        "/feed?cursor=eyJ1c2VySWQiOiJ4In0.AAAA, cursor",
        "/search/users?q=, q",
        "/search/users, q",
        "/search/users?q=ada&limit=-1, limit",
        "/users/someone/followers?limit=5001, limit",
        "/users/someone/followers?cursor=%25%25, cursor"
    })
    void bad_parameters_are_400s_that_name_them(String path, String parameter) {
        assertError(send(path, readerToken), 400, parameter);
    }

    @Test
    void an_over_long_query_and_a_cursor_of_another_reader_are_400s() {
        assertError(send("/search/users?q=" + "a".repeat(101), readerToken), 400, "q");
        String other = pipeline.join("Other");
        pipeline.follow(other, author);
        await().atMost(PATIENCE).until(() -> stores.feedYubls(other).size() >= 2);
        String othersCursor = get("/feed?limit=1", "Bearer " + DevTokens.user(other))
                .get("nextCursor")
                .asText();

        assertError(send("/feed?cursor=" + URLEncoder.encode(othersCursor, UTF_8), readerToken), 400, "cursor");
    }

    @Test
    void a_feed_cursor_sent_to_a_relationship_listing_and_a_keyless_signed_cursor_are_400s() {
        // Given a feed cursor of the reader's, and a position without keys signed with the stage's cursor secret
        await().atMost(PATIENCE).until(() -> stores.feedYubls(reader).size() >= 2);
        String feedCursor = get("/feed?limit=1", readerToken).get("nextCursor").asText();
        String keyless;
        try (SecretsManagerClient secrets = AwsClients.secretsManager()) {
            String secret = secrets.getSecretValue(
                            r -> r.secretId(StageSecrets.secretName(LocalEndpoints.STAGE, "cursor-secret")))
                    .secretString();
            keyless = new Cursors(secret).encode(Map.of("feedKey", AttributeValue.fromS("k")));
        }

        // Then
        assertError(
                send("/users/" + reader + "/followers?cursor=" + URLEncoder.encode(feedCursor, UTF_8), readerToken),
                400,
                "cursor");
        assertError(send("/feed?cursor=" + URLEncoder.encode(keyless, UTF_8), readerToken), 400, "cursor");
    }

    @Test
    void a_path_id_that_is_no_id_is_a_400_naming_it() {
        assertError(send("/users/%20/followers", readerToken), 400, "userId");
        assertError(send("/users/" + "u".repeat(65) + "/following", readerToken), 400, "userId");
        assertError(send("/yubls/y1%0A", readerToken), 400, "yublId");
    }

    private static List<String> searchIds(String q) {
        return get("/search/users?q=" + URLEncoder.encode(q, UTF_8), readerToken)
                .get("items")
                .findValuesAsText("userId");
    }

    private static List<String> ids(JsonNode page) {
        return page.get("items").findValuesAsText("yublId");
    }

    private static HttpResponse<String> send(String path, String authorization) {
        return pipeline.send("GET", path, "it-apis-" + UUID.randomUUID(), null, authorization);
    }

    private static JsonNode get(String path, String authorization) {
        HttpResponse<String> response = send(path, authorization);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return json(response);
    }

    /** The error's body: the status, the parameter named (if given), and the request's correlation id. */
    private static JsonNode assertError(HttpResponse<String> response, int status, String parameter) {
        assertThat(response.statusCode())
                .as(response.uri() + ": " + response.body())
                .isEqualTo(status);
        JsonNode body = json(response);
        assertThat(body.get("correlationId").asText())
                .isEqualTo(response.request()
                        .headers()
                        .firstValue("x-correlation-id")
                        .orElseThrow());
        if (parameter != null) {
            assertThat(body.get("fields"))
                    .extracting(f -> f.get("field").asText())
                    .contains(parameter);
        }
        return body;
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return Contracts.json().readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(response.body(), e);
        }
    }
}
