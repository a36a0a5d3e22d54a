#pragma once

#include <optional>
#include <string>
#include <utility>

namespace wharf {

// Canonical error codes (Abseil's set). Which one to use:
//  kMalformed          the request could not be read at all: malformed JSON, a missing request
//                      envelope, a body that is not an object (Platform answers 400).
//  kInvalidArgument    the request was read but a value is wrong, whatever the state: wrong
//                      type, unknown enum value, too long, a template param count (Platform 422).
//  kNotFound           the thing named does not exist *for this caller* (other projects' ids too).
//  kAlreadyExists      a create collided with an existing unique thing.
//  kFailedPrecondition the request is well formed but the system is not in a state to do it
//                      (a used setup link, writing outside the 24 h window).
//  kAborted            a concurrent change won; retrying the whole operation may succeed.
//  kPermissionDenied   the caller is known but may not do this.
//  kUnauthenticated    no or bad credentials (missing API key, Graph code 190).
//  kResourceExhausted  a quota or rate limit (Graph 130429), or a body over its limit.
//  kUnavailable        a dependency is down for now; retry with backoff.
//  kDeadlineExceeded   the operation took too long.
//  kInternal           a bug or a broken invariant; never the caller's fault.
//  kUnimplemented      the operation exists in the contract but not (yet) in this mode.
enum class ErrorCode {
    kMalformed,
    kInvalidArgument,
    kNotFound,
    kAlreadyExists,
    kFailedPrecondition,
    kAborted,
    kPermissionDenied,
    kUnauthenticated,
    kResourceExhausted,
    kUnavailable,
    kDeadlineExceeded,
    kInternal,
    kUnimplemented,
    kPayloadTooLarge,  // a body over its route's limit: its own code so both surfaces answer 413
};

const char* ErrorCodeName(ErrorCode code);

// The WhatsApp/Graph view of an error: code, optional subcode, type and the details string.
struct GraphError {
    int code = 100;
    std::optional<int> subcode;
    std::string type = "OAuthException";
    std::string details;
    // Meta's trace id when the error came from Meta (rendered instead of our request id, so that
    // Meta's support can find it).
    std::optional<std::string> fbtrace_id;
    // The rest of an error that came from Meta, kept so the Meta proxy can pass it on unchanged:
    // Graph's explanations for people (error_user_title, error_user_msg: how Meta says what is
    // wrong with a template, say), is_transient, and whether Meta's message carried the
    // "(#<code>) " prefix (the renderer writes it back only then; wharf's own errors always).
    std::optional<std::string> user_title;
    std::optional<std::string> user_msg;
    std::optional<bool> is_transient;
    bool message_has_code_prefix = true;
};

// An error as a value. `message` is for humans; `field` names the offending input when there is
// one (so a renderer can say which parameter); `graph` carries Meta's code where it matters.
struct Error {
    ErrorCode code = ErrorCode::kInternal;
    std::string message;
    std::optional<std::string> field;
    std::optional<GraphError> graph;

    static Error Malformed(std::string m) { return {ErrorCode::kMalformed, std::move(m)}; }
    static Error InvalidArgument(std::string m) {
        return {ErrorCode::kInvalidArgument, std::move(m)};
    }
    static Error NotFound(std::string m) { return {ErrorCode::kNotFound, std::move(m)}; }
    static Error AlreadyExists(std::string m) { return {ErrorCode::kAlreadyExists, std::move(m)}; }
    static Error FailedPrecondition(std::string m) {
        return {ErrorCode::kFailedPrecondition, std::move(m)};
    }
    static Error Aborted(std::string m) { return {ErrorCode::kAborted, std::move(m)}; }
    static Error PermissionDenied(std::string m) {
        return {ErrorCode::kPermissionDenied, std::move(m)};
    }
    static Error Unauthenticated(std::string m) {
        return {ErrorCode::kUnauthenticated, std::move(m)};
    }
    static Error ResourceExhausted(std::string m) {
        return {ErrorCode::kResourceExhausted, std::move(m)};
    }
    static Error Unavailable(std::string m) { return {ErrorCode::kUnavailable, std::move(m)}; }
    static Error Internal(std::string m) { return {ErrorCode::kInternal, std::move(m)}; }
    static Error Unimplemented(std::string m) { return {ErrorCode::kUnimplemented, std::move(m)}; }
    static Error PayloadTooLarge(std::string m) {
        return {ErrorCode::kPayloadTooLarge, std::move(m)};
    }

    Error&& WithField(std::string f) && {
        field = std::move(f);
        return std::move(*this);
    }
    Error&& WithGraph(int graph_code, std::string details = {}) && {
        graph = GraphError{graph_code, std::nullopt, "OAuthException", std::move(details)};
        return std::move(*this);
    }
};

}  // namespace wharf
