#include "domain/message/message.h"

namespace wharf::domain {

const char* MessageDirectionName(MessageDirection d) {
    return d == MessageDirection::kInbound ? "inbound" : "outbound";
}

}  // namespace wharf::domain
