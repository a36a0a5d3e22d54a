#pragma once

#include <deque>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <boost/json.hpp>

#include "upstream/graph_client.h"

namespace wharf::upstream::testing {

// A GraphClient for service tests: records every call (Graph method, path, token, query, body)
// and answers from a script (FIFO, shared by all calls), or, when the script is empty, with a
// success: a fresh wamid for sends, {"success":true} for everything else. Thread-safe.
class FakeGraphClient final : public GraphClient {
public:
    struct Call {
        std::string method;  // "GET", "POST", "DELETE"
        std::string path;    // "/{node}[/{edge}]", without the version
        std::string token;
        GraphQuery query;
        std::string body;  // serialized JSON for POSTs, else empty
    };

    // The next call answers `answer`: Meta's body, or an Error (GraphResponseError's, say).
    void Script(Result<GraphJson> answer) {
        std::lock_guard lock(mu_);
        script_.push_back(std::move(answer));
    }
    std::vector<Call> Calls() const {
        std::lock_guard lock(mu_);
        return calls_;
    }

    Result<GraphSendResult> SendMessage(const std::string& phone_number_id,
                                        const std::string& access_token,
                                        const boost::json::object& request) override {
        auto answer = Record("POST", "/" + phone_number_id + "/messages", access_token, {},
                             boost::json::serialize(request));
        if (!answer) {
            return Fail(std::move(answer).error());
        }
        return GraphSendResult{"wamid.FAKE" + std::to_string(Calls().size()), std::nullopt, ""};
    }
    Result<void> MarkRead(const std::string& phone_number_id, const std::string& access_token,
                          const boost::json::object& request) override {
        auto answer = Record("POST", "/" + phone_number_id + "/messages", access_token, {},
                             boost::json::serialize(request));
        if (!answer) {
            return Fail(std::move(answer).error());
        }
        return {};
    }
    Result<GraphJson> ListTemplates(const std::string& waba_id, const std::string& access_token,
                                    const GraphQuery& query) override {
        return Record("GET", "/" + waba_id + "/message_templates", access_token, query, "");
    }
    Result<GraphJson> GetTemplate(const std::string& template_id, const std::string& access_token,
                                  const GraphQuery& query) override {
        return Record("GET", "/" + template_id, access_token, query, "");
    }
    Result<GraphJson> CreateTemplate(const std::string& waba_id, const std::string& access_token,
                                     const boost::json::object& body) override {
        return Record("POST", "/" + waba_id + "/message_templates", access_token, {},
                      boost::json::serialize(body));
    }
    Result<GraphJson> UpdateTemplate(const std::string& template_id,
                                     const std::string& access_token,
                                     const boost::json::object& body) override {
        return Record("POST", "/" + template_id, access_token, {}, boost::json::serialize(body));
    }
    Result<GraphJson> DeleteTemplates(const std::string& waba_id, const std::string& access_token,
                                      const GraphQuery& query) override {
        return Record("DELETE", "/" + waba_id + "/message_templates", access_token, query, "");
    }

private:
    Result<GraphJson> Record(std::string method, std::string path, const std::string& token,
                             GraphQuery query, std::string body) {
        std::lock_guard lock(mu_);
        calls_.push_back(
            {std::move(method), std::move(path), token, std::move(query), std::move(body)});
        if (script_.empty()) {
            return GraphJson{R"({"success":true})"};
        }
        Result<GraphJson> answer = std::move(script_.front());
        script_.pop_front();
        return answer;
    }

    mutable std::mutex mu_;
    std::deque<Result<GraphJson>> script_;
    std::vector<Call> calls_;
};

}  // namespace wharf::upstream::testing
