#include "base/error.h"

namespace wharf {

const char* ErrorCodeName(ErrorCode code) {
    switch (code) {
        case ErrorCode::kMalformed:
            return "malformed";
        case ErrorCode::kInvalidArgument:
            return "invalid_argument";
        case ErrorCode::kNotFound:
            return "not_found";
        case ErrorCode::kAlreadyExists:
            return "already_exists";
        case ErrorCode::kFailedPrecondition:
            return "failed_precondition";
        case ErrorCode::kAborted:
            return "aborted";
        case ErrorCode::kPermissionDenied:
            return "permission_denied";
        case ErrorCode::kUnauthenticated:
            return "unauthenticated";
        case ErrorCode::kResourceExhausted:
            return "resource_exhausted";
        case ErrorCode::kUnavailable:
            return "unavailable";
        case ErrorCode::kDeadlineExceeded:
            return "deadline_exceeded";
        case ErrorCode::kInternal:
            return "internal";
        case ErrorCode::kUnimplemented:
            return "unimplemented";
        case ErrorCode::kPayloadTooLarge:
            return "payload_too_large";
    }
    return "unknown";
}

}  // namespace wharf
