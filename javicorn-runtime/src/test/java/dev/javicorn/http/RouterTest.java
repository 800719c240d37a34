package dev.javicorn.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.javicorn.Handler;
import dev.javicorn.Route;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouterTest {
    private static final Handler OK = req -> "ok";

    @Test
    void paramsComeBackInRouteOrder() {
        Router router = new Router(List.of(new Route("GET", "/a/{x}/b/{y}", OK)));
        Router.Found found = (Router.Found) router.match("GET", "/a/1/b/2");
        assertThat(found.names()).containsExactly("x", "y");
        assertThat(found.values()).containsExactly("1", "2");
    }

    @Test
    void backtracksFromADeadLiteralBranchToAParam() {
        Router router = new Router(List.of(new Route("GET", "/a/new/edit", OK), new Route("GET", "/a/{id}/view", OK)));
        assertThat(router.match("GET", "/a/new/view")).isInstanceOf(Router.Found.class);
    }

    @Test
    void allowListsEveryMatchingRoute() {
        Router router = new Router(List.of(new Route("GET", "/a/new", OK), new Route("POST", "/a/{id}", OK)));
        assertThat(router.match("PUT", "/a/new")).isEqualTo(new Router.WrongMethod("GET, HEAD, POST"));
    }

    @Test
    void unknownPathIsNotFound() {
        Router router = new Router(List.of(new Route("GET", "/", OK)));
        assertThat(router.match("GET", "/x")).isInstanceOf(Router.NotFound.class);
        assertThat(router.match("GET", "*")).isInstanceOf(Router.NotFound.class);
    }

    @Test
    void duplicateRouteIsRejectedAtBuild() {
        assertThatThrownBy(() -> new Router(List.of(new Route("GET", "/a/{x}", OK), new Route("GET", "/a/{y}", OK))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duplicate route: GET /a/{y}");
    }

    @Test
    void partialParamSegmentIsRejectedAtBuild() {
        assertThatThrownBy(() -> new Router(List.of(new Route("GET", "/a/x{id}", OK))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whole segment");
        assertThatThrownBy(() -> new Router(List.of(new Route("GET", "/a/{id}/{id}", OK))))
                .hasMessageContaining("bad path parameter");
    }
}
