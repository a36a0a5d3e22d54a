#include "api/webhooks/meta_webhook_handler.h"

#include "api/common/handler_adapter.h"
#include "api/platform/platform_error.h"
#include "base/crypto.h"
#include "base/json.h"
#include "domain/webhook/meta_signature.h"

namespace wharf::api {

namespace {
http::Response Refuse(int status, const std::string& message) {
    return JsonResponse(status, boost::json::object{{"error", message}});
}
}  // namespace

http::Response MetaWebhookHandler::Verify(const http::Request& req, http::RequestContext&) const {
    auto mode = req.Query("hub.mode");
    auto token = req.Query("hub.verify_token");
    auto challenge = req.Query("hub.challenge");
    if (verify_token_.empty() || mode != "subscribe" || !token || !challenge ||
        !ConstantTimeEquals(*token, verify_token_)) {
        return Refuse(403, "verification failed");
    }
    return http::Response::Text(200, *challenge);
}

http::Response MetaWebhookHandler::Receive(const http::Request& req,
                                           http::RequestContext& ctx) const {
    if (app_secret_.empty()) {
        return Refuse(403,
                      "webhook signatures cannot be checked: no Meta app secret is configured");
    }
    auto signature = req.Header("x-hub-signature-256");
    if (!signature) {
        return Refuse(401, "missing X-Hub-Signature-256");
    }
    if (!domain::VerifyMetaSignature(app_secret_, req.body, *signature)) {
        return Refuse(403, "invalid X-Hub-Signature-256");
    }
    auto body = json::Parse(req.body);
    if (!body) {
        return RenderPlatformError(body.error(), ctx);
    }
    auto queued = messaging_.EnqueueMetaWebhook(*body);
    if (!queued) {
        return RenderPlatformError(queued.error(), ctx);
    }
    return JsonResponse(200, boost::json::object{{"success", true}});
}

}  // namespace wharf::api
