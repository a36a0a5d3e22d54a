#pragma once

#include <string>
#include <string_view>

namespace wharf::domain {

// An ISO 3166-1 alpha-2 country with its international dialling code (without "+").
struct Country {
    std::string_view iso;        // "US"
    std::string_view dial_code;  // "1"
    std::string_view name;       // "United States"
};

// The country for an upper-case alpha-2 code, or nullptr when the code is not assigned.
const Country* FindCountry(std::string_view iso);

// "+1 555-123-4567" for NANP numbers (dial code 1, 10 national digits); "+<cc> <national>"
// otherwise, national digits grouped in threes/fours for readability. `digits` is the full E.164
// digit string.
std::string FormatDisplayNumber(std::string_view dial_code, std::string_view digits);

}  // namespace wharf::domain
