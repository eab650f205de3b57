package io.sightline.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.token.validator.TokenValidator;
import io.micronaut.views.ModelAndView;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The login page of the browser pages ({@code views/login.html}): it asks for the token once and keeps
 * it for the browser session in the {@link BrowserSession} cookie. The page is a plain form (no script),
 * so it works under a Content-Security-Policy that allows none.
 */
@Controller(LoginPage.PATH)
@Secured(SecurityRule.IS_ANONYMOUS)
public class LoginController {
    private static final int MAX_TOKEN_LENGTH = 8192;

    private final List<TokenValidator<HttpRequest<?>>> validators;

    LoginController(List<TokenValidator<HttpRequest<?>>> validators) {
        this.validators = validators;
    }

    @Get
    @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
    ModelAndView<Map<String, Object>> page(@QueryValue @Nullable String next, @QueryValue @Nullable String problem) {
        return view(LoginPage.safeNext(next), LoginPage.Problem.of(problem));
    }

    @Post(consumes = MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
    Publisher<MutableHttpResponse<?>> login(HttpRequest<?> request, @Body("token") @Nullable String token,
                                            @Body("next") @Nullable String next) {
        String target = LoginPage.safeNext(next);
        String presented = token == null ? "" : token.strip();
        if (presented.isEmpty() || presented.length() > MAX_TOKEN_LENGTH) {
            return Mono.just(refused(target));
        }
        return Flux.fromIterable(validators)
                .concatMap(validator -> validator.validateToken(presented, request))
                .next()
                .<MutableHttpResponse<?>>map(who -> HttpResponse.seeOther(URI.create(target))
                        .cookie(BrowserSession.cookie(presented, secure(request))))
                .defaultIfEmpty(refused(target))
                .onErrorReturn(refused(target));
    }

    private static MutableHttpResponse<?> refused(String next) {
        return HttpResponse.status(HttpStatus.UNAUTHORIZED).body(view(next, LoginPage.Problem.REFUSED));
    }

    private static ModelAndView<Map<String, Object>> view(String next, LoginPage.Problem problem) {
        return new ModelAndView<>("login", Map.of("next", next, "problem", problem.sentence()));
    }

    private static boolean secure(HttpRequest<?> request) {
        return request.isSecure() || "https".equalsIgnoreCase(request.getHeaders().get("X-Forwarded-Proto"));
    }
}
