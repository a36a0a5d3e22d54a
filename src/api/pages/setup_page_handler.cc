#include "api/pages/setup_page_handler.h"

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include "api/pages/setup_page.h"
#include "api/platform/platform_error.h"
#include "base/log.h"

namespace wharf::api {
namespace {

int StatusForOutcome(const std::string& error_code) {
    if (error_code == "already_used" || error_code == "link_expired" ||
        error_code == "link_revoked") {
        return 410;
    }
    if (error_code == "embedded_signup_unavailable") {
        return 501;
    }
    return 502;
}

pages::SetupPageView PageView(const service::OnboardingView& v, const http::Request& req,
                              const SetupPageSettings& s) {
    pages::SetupPageView page;
    page.form_action = req.path;
    page.customer_name = v.customer.name;
    page.language =
        pages::PickLanguage(v.link.language, req.Header("accept-language").value_or(""));
    page.theme = v.link.theme_config;
    page.connection_types = v.link.allowed_connection_types;
    page.provision_phone_number = v.link.provision_phone_number;
    page.country_isos = v.link.phone_number_country_isos;
    page.area_code = v.link.phone_number_area_code;
    page.reconnect_phone_number = v.link.reconnect_phone_number;
    page.meta_mode = s.meta_mode;
    if (!s.meta_app_id.empty()) {
        page.meta_app_id = s.meta_app_id;
    }
    if (!s.meta_config_id.empty()) {
        page.meta_config_id = s.meta_config_id;
    }
    return page;
}

http::Response ResultPage(int status, const service::OnboardingView& v, const http::Request& req,
                          const service::OnboardingOutcome* outcome,
                          const std::string& error_code) {
    pages::SetupResultView r;
    r.language = pages::PickLanguage(v.link.language, req.Header("accept-language").value_or(""));
    r.theme = v.link.theme_config;
    r.success = error_code.empty();
    if (!error_code.empty()) {
        r.error_code = error_code;
    }
    if (outcome != nullptr && outcome->number) {
        r.display_phone_number = outcome->number->display_phone_number;
        r.phone_number_id = outcome->number->phone_number_id.value();
        r.business_account_id = outcome->number->business_account_id.value();
    }
    return http::Response::Html(status, pages::RenderSetupResult(r));
}

}  // namespace

std::string AppendQuery(const std::string& base,
                        const std::vector<std::pair<std::string, std::string>>& params) {
    auto parsed = boost::urls::parse_uri_reference(base);
    if (!parsed) {
        return base;
    }
    // "+" must arrive as %2B, not as a space: encode everything but unreserved characters.
    boost::urls::url u(*parsed);
    for (const auto& [k, v] : params) {
        u.encoded_params().append({http::PercentEncode(k), http::PercentEncode(v)});
    }
    return std::string(u.buffer());
}

http::Response RenderPageError(const Error& error, const http::RequestContext& ctx) {
    int status = PlatformStatus(error.code);
    if (status >= 500) {
        log::Error("request " + ctx.request_id + ": " + error.message);
    }
    pages::SetupResultView r;
    r.error_code = status == 404 ? "link_not_found" : "request_failed";
    return http::Response::Html(status, pages::RenderSetupResult(r));
}

http::Response SetupPageHandler::Show(const http::Request& req, http::RequestContext& ctx) const {
    auto view = onboarding_.Open(ctx.Param("slug"));
    if (!view) {
        return RenderPageError(view.error(), ctx);
    }
    if (view->link.status != domain::SetupLinkStatus::kActive) {
        return ResultPage(410, *view, req, nullptr,
                          service::InactiveLinkErrorCode(view->link.status));
    }
    return http::Response::Html(200, pages::RenderSetupPage(PageView(*view, req, settings_)));
}

http::Response SetupPageHandler::Submit(const http::Request& req, http::RequestContext& ctx) const {
    std::string type;
    for (const auto& [k, v] : http::ParseFormBody(req.body)) {
        if (k == "connection_type") {
            type = v;
        }
    }
    auto view = onboarding_.Open(ctx.Param("slug"));
    if (!view) {
        return RenderPageError(view.error(), ctx);
    }
    auto outcome = onboarding_.Complete(ctx.Param("slug"), type);
    if (!outcome) {
        if (outcome.error().code != ErrorCode::kInvalidArgument) {
            return RenderPageError(outcome.error(), ctx);
        }
        auto page = PageView(*view, req, settings_);
        page.error_message = outcome.error().message;
        return http::Response::Html(422, pages::RenderSetupPage(page));
    }
    const domain::SetupLink& link = outcome->link;
    if (outcome->success) {
        const domain::PhoneNumber& n = *outcome->number;
        if (link.success_redirect_url) {
            std::vector<std::pair<std::string, std::string>> q{
                {"setup_link_id", link.id.value()},
                {"status", "completed"},
                {"phone_number_id", n.phone_number_id.value()},
                {"business_account_id", n.business_account_id.value()}};
            if (link.provisioned_phone_number) {
                q.emplace_back("provisioned_phone_number_id", link.provisioned_phone_number->id);
            }
            q.emplace_back("display_phone_number", n.display_phone_number.value_or(""));
            return http::Response::Redirect(303, AppendQuery(*link.success_redirect_url, q));
        }
        return ResultPage(200, *view, req, &*outcome, "");
    }
    if (link.failure_redirect_url) {
        return http::Response::Redirect(
            303, AppendQuery(*link.failure_redirect_url, {{"setup_link_id", link.id.value()},
                                                          {"error_code", outcome->error_code}}));
    }
    return ResultPage(StatusForOutcome(outcome->error_code), *view, req, nullptr,
                      outcome->error_code);
}

}  // namespace wharf::api
