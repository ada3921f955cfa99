package io.yubl.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The QA team's cases, the same in both TEST_MODEs. Each makes its own users and undoes what it made. */
class PipelineAcceptance {
    private final When when = new When();
    private final Then then = new Then(when);
    private final Given given = new Given(when, then);

    @AfterEach
    void cleanUp() {
        given.cleanUp();
    }

    @Test
    void a_new_user_is_searchable_by_first_name_last_name_and_username() {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        String searcher = given.aUser("Sam", "Searcher");

        String zoe = given.aUser("zoe_" + tag, "Zoë", "Quartermaine" + tag);

        then.searchEventuallyFinds(searcher, "zoe_" + tag, zoe);
        then.searchEventuallyFinds(searcher, "Quartermaine" + tag, zoe);
        then.searchEventuallyFinds(searcher, "quarterm", zoe);
        then.searchEventuallyFinds(searcher, "ZOE", zoe);
    }

    @Test
    void a_yubl_reaches_every_follower_and_the_author() {
        String author = given.aUser("Ada", "Author");
        List<String> followers = List.of(
                given.aFollowerOf(author, "Fay"), given.aFollowerOf(author, "Gus"), given.aFollowerOf(author, "Hal"));

        String yubl = given.aYubl(author, "hello, followers");

        then.feedEventuallyHolds(author, yubl);
        followers.forEach(f -> then.feedEventuallyHolds(f, yubl));
    }

    @Test
    void unfollowing_removes_the_authors_yubls_from_the_feed() {
        String author = given.aUser("Una", "Followed");
        String reader = given.aFollowerOf(author, "Rex");
        String yubl = given.aYubl(author, "soon gone from Rex's feed");
        then.feedEventuallyHolds(reader, yubl);

        assertThat(when.userUnfollows(reader, author).status()).isEqualTo(202);

        then.feedEventuallyLacks(reader, yubl);
        then.feedEventuallyHolds(author, yubl);
    }

    @Test
    void a_deleted_yubl_disappears_from_feeds() {
        String author = given.aUser("Del", "Author");
        String reader = given.aFollowerOf(author, "Wit");
        String yubl = given.aYubl(author, "a regrettable yubl");
        then.feedEventuallyHolds(reader, yubl);

        assertThat(when.userDeletes(author, yubl).status()).isEqualTo(202);

        then.feedEventuallyLacks(reader, yubl);
        then.feedEventuallyLacks(author, yubl);
    }

    @Test
    void feed_pagination_returns_every_item_once_newest_first() {
        String author = given.aUser("Pat", "Poster");
        String reader = given.aFollowerOf(author, "Pia");
        List<String> posted = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            posted.add(given.aYubl(author, "yubl number " + i));
        }
        then.eventually("all seven in the feed", () -> then.feedOf(reader).containsAll(posted));

        List<String> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page = when.readsOwnFeed(reader, 3, cursor);
            assertThat(page.status()).isEqualTo(200);
            paged.addAll(page.body().get("items").findValuesAsText("yublId"));
            cursor = page.body().path("nextCursor").isTextual()
                    ? page.body().get("nextCursor").asText()
                    : null;
            pages++;
        } while (cursor != null);

        List<String> newestFirst = new ArrayList<>(posted);
        Collections.reverse(newestFirst);
        assertThat(paged).containsExactlyElementsOf(newestFirst);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void a_reader_cannot_read_another_users_feed() {
        String owner = given.aUser("Own", "Er");
        String snoop = given.aUser("Sno", "Op");

        then.isRefused(when.readsFeedOf(snoop, owner), 403);
        assertThat(when.readsFeedOf(owner, owner).status()).isEqualTo(200);
    }

    @Test
    void the_correlation_id_given_at_the_start_is_on_the_response_and_in_the_pipelines_logs() {
        String author = given.aUser("Cor", "Relation");
        String reader = given.aFollowerOf(author, "Log");
        String correlationId = "acceptance-" + When.MODE + "-" + UUID.randomUUID();

        Response posted = when.userPosts(author, "follow me through the logs", correlationId);
        given.undoAfterwards(() -> when.userDeletes(author, When.text(posted.body(), "yublId")));

        assertThat(posted.status()).isEqualTo(201);
        assertThat(posted.header("x-correlation-id")).isEqualTo(correlationId);
        assertThat(When.text(posted.body(), "correlationId")).isEqualTo(correlationId);
        then.feedEventuallyHolds(reader, When.text(posted.body(), "yublId"));
        Assumptions.assumeTrue(When.againstLocalCloud(), "the pipeline's logs are readable only on the local cloud");
        then.pipelineLogsCarry(correlationId, "distribute-yubl", "add-to-feed");
    }
}
