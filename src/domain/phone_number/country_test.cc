#include "domain/phone_number/country.h"

#include <set>
#include <string>

#include <gtest/gtest.h>

namespace wharf::domain {
namespace {

TEST(FindCountry, KnowsCommonCountries) {
    const Country* us = FindCountry("US");
    ASSERT_NE(us, nullptr);
    EXPECT_EQ(us->dial_code, "1");
    EXPECT_EQ(us->name, "United States");
    EXPECT_EQ(FindCountry("GB")->dial_code, "44");
    EXPECT_EQ(FindCountry("BR")->dial_code, "55");
    EXPECT_EQ(FindCountry("IN")->dial_code, "91");
    EXPECT_EQ(FindCountry("MX")->dial_code, "52");
    EXPECT_EQ(FindCountry("ID")->dial_code, "62");
    EXPECT_EQ(FindCountry("SA")->dial_code, "966");
    EXPECT_EQ(FindCountry("KZ")->dial_code, "7");
    EXPECT_EQ(FindCountry("PR")->dial_code, "1");
}

TEST(FindCountry, CoversTheFirstAndLastCodes) {
    ASSERT_NE(FindCountry("AD"), nullptr);
    EXPECT_EQ(FindCountry("AD")->name, "Andorra");
    ASSERT_NE(FindCountry("ZW"), nullptr);
    EXPECT_EQ(FindCountry("ZW")->dial_code, "263");
}

TEST(FindCountry, RefusesUnknownAndMalformedCodes) {
    for (const char* code : {"", "U", "us", "Us", "USA", "ZZ", "XK", "AA", "EU", "UK"}) {
        EXPECT_EQ(FindCountry(code), nullptr) << code;
    }
}

TEST(FindCountry, HasAllAssignedCodesWithDigitDialCodes) {
    // Walk every two-letter combination: 249 codes are assigned.
    int found = 0;
    std::set<std::string> names;
    for (char a = 'A'; a <= 'Z'; ++a) {
        for (char b = 'A'; b <= 'Z'; ++b) {
            std::string code{a, b};
            const Country* c = FindCountry(code);
            if (c == nullptr) {
                continue;
            }
            ++found;
            EXPECT_EQ(c->iso, code);
            EXPECT_FALSE(c->name.empty()) << code;
            ASSERT_FALSE(c->dial_code.empty()) << code;
            EXPECT_LE(c->dial_code.size(), 3u) << code;
            for (char d : c->dial_code) {
                EXPECT_TRUE(d >= '0' && d <= '9') << code;
            }
            EXPECT_TRUE(names.insert(std::string(c->name)).second) << "duplicate name " << c->name;
        }
    }
    EXPECT_EQ(found, 249);
}

TEST(FormatDisplayNumber, FormatsNanpNumbers) {
    EXPECT_EQ(FormatDisplayNumber("1", "15551234567"), "+1 555-123-4567");
    EXPECT_EQ(FormatDisplayNumber("1", "14155550100"), "+1 415-555-0100");
}

TEST(FormatDisplayNumber, GroupsOtherNationalNumbers) {
    EXPECT_EQ(FormatDisplayNumber("44", "447911123456"), "+44 791 112 3456");    // 10 digits
    EXPECT_EQ(FormatDisplayNumber("33", "33612345678"), "+33 612 345 678");      // 9 digits
    EXPECT_EQ(FormatDisplayNumber("65", "6581234567"), "+65 8123 4567");         // 8 digits
    EXPECT_EQ(FormatDisplayNumber("55", "5511987654321"), "+55 119 8765 4321");  // 11 digits
    EXPECT_EQ(FormatDisplayNumber("376", "376312345"), "+376 312 345");          // 6 digits
    EXPECT_EQ(FormatDisplayNumber("683", "6834002"), "+683 4002");               // 4 digits
    EXPECT_EQ(FormatDisplayNumber("690", "69012345"), "+690 12 345");            // 5 digits
    EXPECT_EQ(FormatDisplayNumber("49", "4915123456789"), "+49 151 2345 6789");  // 11 digits
}

TEST(FormatDisplayNumber, NanpDialCodeWithWrongLengthIsGrouped) {
    EXPECT_EQ(FormatDisplayNumber("1", "1555123456"), "+1 555 123 456");
}

TEST(FormatDisplayNumber, LeavesNumbersOutsideTheDialCodeAlone) {
    EXPECT_EQ(FormatDisplayNumber("44", "15551234567"), "+15551234567");
    EXPECT_EQ(FormatDisplayNumber("1", "1"), "+1");
    EXPECT_EQ(FormatDisplayNumber("1", ""), "");
}

}  // namespace
}  // namespace wharf::domain
