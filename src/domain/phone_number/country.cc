#include "domain/phone_number/country.h"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

namespace wharf::domain {
namespace {

// Every assigned ISO 3166-1 alpha-2 code, sorted by code, with its ITU-T E.164 country code.
// Members of the North American Numbering Plan share "1" (their area codes are part of the
// national number). Territories without their own code use the one their numbers are dialled
// with (Åland +358, Bouvet Island +47, Antarctica and Heard Island +672, ...).
constexpr std::array<Country, 249> kCountries{{
    {"AD", "376", "Andorra"},
    {"AE", "971", "United Arab Emirates"},
    {"AF", "93", "Afghanistan"},
    {"AG", "1", "Antigua and Barbuda"},
    {"AI", "1", "Anguilla"},
    {"AL", "355", "Albania"},
    {"AM", "374", "Armenia"},
    {"AO", "244", "Angola"},
    {"AQ", "672", "Antarctica"},
    {"AR", "54", "Argentina"},
    {"AS", "1", "American Samoa"},
    {"AT", "43", "Austria"},
    {"AU", "61", "Australia"},
    {"AW", "297", "Aruba"},
    {"AX", "358", "Åland Islands"},
    {"AZ", "994", "Azerbaijan"},
    {"BA", "387", "Bosnia and Herzegovina"},
    {"BB", "1", "Barbados"},
    {"BD", "880", "Bangladesh"},
    {"BE", "32", "Belgium"},
    {"BF", "226", "Burkina Faso"},
    {"BG", "359", "Bulgaria"},
    {"BH", "973", "Bahrain"},
    {"BI", "257", "Burundi"},
    {"BJ", "229", "Benin"},
    {"BL", "590", "Saint Barthélemy"},
    {"BM", "1", "Bermuda"},
    {"BN", "673", "Brunei"},
    {"BO", "591", "Bolivia"},
    {"BQ", "599", "Bonaire, Sint Eustatius and Saba"},
    {"BR", "55", "Brazil"},
    {"BS", "1", "Bahamas"},
    {"BT", "975", "Bhutan"},
    {"BV", "47", "Bouvet Island"},
    {"BW", "267", "Botswana"},
    {"BY", "375", "Belarus"},
    {"BZ", "501", "Belize"},
    {"CA", "1", "Canada"},
    {"CC", "61", "Cocos (Keeling) Islands"},
    {"CD", "243", "Democratic Republic of the Congo"},
    {"CF", "236", "Central African Republic"},
    {"CG", "242", "Republic of the Congo"},
    {"CH", "41", "Switzerland"},
    {"CI", "225", "Côte d'Ivoire"},
    {"CK", "682", "Cook Islands"},
    {"CL", "56", "Chile"},
    {"CM", "237", "Cameroon"},
    {"CN", "86", "China"},
    {"CO", "57", "Colombia"},
    {"CR", "506", "Costa Rica"},
    {"CU", "53", "Cuba"},
    {"CV", "238", "Cabo Verde"},
    {"CW", "599", "Curaçao"},
    {"CX", "61", "Christmas Island"},
    {"CY", "357", "Cyprus"},
    {"CZ", "420", "Czechia"},
    {"DE", "49", "Germany"},
    {"DJ", "253", "Djibouti"},
    {"DK", "45", "Denmark"},
    {"DM", "1", "Dominica"},
    {"DO", "1", "Dominican Republic"},
    {"DZ", "213", "Algeria"},
    {"EC", "593", "Ecuador"},
    {"EE", "372", "Estonia"},
    {"EG", "20", "Egypt"},
    {"EH", "212", "Western Sahara"},
    {"ER", "291", "Eritrea"},
    {"ES", "34", "Spain"},
    {"ET", "251", "Ethiopia"},
    {"FI", "358", "Finland"},
    {"FJ", "679", "Fiji"},
    {"FK", "500", "Falkland Islands"},
    {"FM", "691", "Micronesia"},
    {"FO", "298", "Faroe Islands"},
    {"FR", "33", "France"},
    {"GA", "241", "Gabon"},
    {"GB", "44", "United Kingdom"},
    {"GD", "1", "Grenada"},
    {"GE", "995", "Georgia"},
    {"GF", "594", "French Guiana"},
    {"GG", "44", "Guernsey"},
    {"GH", "233", "Ghana"},
    {"GI", "350", "Gibraltar"},
    {"GL", "299", "Greenland"},
    {"GM", "220", "Gambia"},
    {"GN", "224", "Guinea"},
    {"GP", "590", "Guadeloupe"},
    {"GQ", "240", "Equatorial Guinea"},
    {"GR", "30", "Greece"},
    {"GS", "500", "South Georgia and the South Sandwich Islands"},
    {"GT", "502", "Guatemala"},
    {"GU", "1", "Guam"},
    {"GW", "245", "Guinea-Bissau"},
    {"GY", "592", "Guyana"},
    {"HK", "852", "Hong Kong"},
    {"HM", "672", "Heard Island and McDonald Islands"},
    {"HN", "504", "Honduras"},
    {"HR", "385", "Croatia"},
    {"HT", "509", "Haiti"},
    {"HU", "36", "Hungary"},
    {"ID", "62", "Indonesia"},
    {"IE", "353", "Ireland"},
    {"IL", "972", "Israel"},
    {"IM", "44", "Isle of Man"},
    {"IN", "91", "India"},
    {"IO", "246", "British Indian Ocean Territory"},
    {"IQ", "964", "Iraq"},
    {"IR", "98", "Iran"},
    {"IS", "354", "Iceland"},
    {"IT", "39", "Italy"},
    {"JE", "44", "Jersey"},
    {"JM", "1", "Jamaica"},
    {"JO", "962", "Jordan"},
    {"JP", "81", "Japan"},
    {"KE", "254", "Kenya"},
    {"KG", "996", "Kyrgyzstan"},
    {"KH", "855", "Cambodia"},
    {"KI", "686", "Kiribati"},
    {"KM", "269", "Comoros"},
    {"KN", "1", "Saint Kitts and Nevis"},
    {"KP", "850", "North Korea"},
    {"KR", "82", "South Korea"},
    {"KW", "965", "Kuwait"},
    {"KY", "1", "Cayman Islands"},
    {"KZ", "7", "Kazakhstan"},
    {"LA", "856", "Laos"},
    {"LB", "961", "Lebanon"},
    {"LC", "1", "Saint Lucia"},
    {"LI", "423", "Liechtenstein"},
    {"LK", "94", "Sri Lanka"},
    {"LR", "231", "Liberia"},
    {"LS", "266", "Lesotho"},
    {"LT", "370", "Lithuania"},
    {"LU", "352", "Luxembourg"},
    {"LV", "371", "Latvia"},
    {"LY", "218", "Libya"},
    {"MA", "212", "Morocco"},
    {"MC", "377", "Monaco"},
    {"MD", "373", "Moldova"},
    {"ME", "382", "Montenegro"},
    {"MF", "590", "Saint Martin (French part)"},
    {"MG", "261", "Madagascar"},
    {"MH", "692", "Marshall Islands"},
    {"MK", "389", "North Macedonia"},
    {"ML", "223", "Mali"},
    {"MM", "95", "Myanmar"},
    {"MN", "976", "Mongolia"},
    {"MO", "853", "Macao"},
    {"MP", "1", "Northern Mariana Islands"},
    {"MQ", "596", "Martinique"},
    {"MR", "222", "Mauritania"},
    {"MS", "1", "Montserrat"},
    {"MT", "356", "Malta"},
    {"MU", "230", "Mauritius"},
    {"MV", "960", "Maldives"},
    {"MW", "265", "Malawi"},
    {"MX", "52", "Mexico"},
    {"MY", "60", "Malaysia"},
    {"MZ", "258", "Mozambique"},
    {"NA", "264", "Namibia"},
    {"NC", "687", "New Caledonia"},
    {"NE", "227", "Niger"},
    {"NF", "672", "Norfolk Island"},
    {"NG", "234", "Nigeria"},
    {"NI", "505", "Nicaragua"},
    {"NL", "31", "Netherlands"},
    {"NO", "47", "Norway"},
    {"NP", "977", "Nepal"},
    {"NR", "674", "Nauru"},
    {"NU", "683", "Niue"},
    {"NZ", "64", "New Zealand"},
    {"OM", "968", "Oman"},
    {"PA", "507", "Panama"},
    {"PE", "51", "Peru"},
    {"PF", "689", "French Polynesia"},
    {"PG", "675", "Papua New Guinea"},
    {"PH", "63", "Philippines"},
    {"PK", "92", "Pakistan"},
    {"PL", "48", "Poland"},
    {"PM", "508", "Saint Pierre and Miquelon"},
    {"PN", "64", "Pitcairn"},
    {"PR", "1", "Puerto Rico"},
    {"PS", "970", "Palestine"},
    {"PT", "351", "Portugal"},
    {"PW", "680", "Palau"},
    {"PY", "595", "Paraguay"},
    {"QA", "974", "Qatar"},
    {"RE", "262", "Réunion"},
    {"RO", "40", "Romania"},
    {"RS", "381", "Serbia"},
    {"RU", "7", "Russia"},
    {"RW", "250", "Rwanda"},
    {"SA", "966", "Saudi Arabia"},
    {"SB", "677", "Solomon Islands"},
    {"SC", "248", "Seychelles"},
    {"SD", "249", "Sudan"},
    {"SE", "46", "Sweden"},
    {"SG", "65", "Singapore"},
    {"SH", "290", "Saint Helena, Ascension and Tristan da Cunha"},
    {"SI", "386", "Slovenia"},
    {"SJ", "47", "Svalbard and Jan Mayen"},
    {"SK", "421", "Slovakia"},
    {"SL", "232", "Sierra Leone"},
    {"SM", "378", "San Marino"},
    {"SN", "221", "Senegal"},
    {"SO", "252", "Somalia"},
    {"SR", "597", "Suriname"},
    {"SS", "211", "South Sudan"},
    {"ST", "239", "São Tomé and Príncipe"},
    {"SV", "503", "El Salvador"},
    {"SX", "1", "Sint Maarten (Dutch part)"},
    {"SY", "963", "Syria"},
    {"SZ", "268", "Eswatini"},
    {"TC", "1", "Turks and Caicos Islands"},
    {"TD", "235", "Chad"},
    {"TF", "262", "French Southern Territories"},
    {"TG", "228", "Togo"},
    {"TH", "66", "Thailand"},
    {"TJ", "992", "Tajikistan"},
    {"TK", "690", "Tokelau"},
    {"TL", "670", "Timor-Leste"},
    {"TM", "993", "Turkmenistan"},
    {"TN", "216", "Tunisia"},
    {"TO", "676", "Tonga"},
    {"TR", "90", "Türkiye"},
    {"TT", "1", "Trinidad and Tobago"},
    {"TV", "688", "Tuvalu"},
    {"TW", "886", "Taiwan"},
    {"TZ", "255", "Tanzania"},
    {"UA", "380", "Ukraine"},
    {"UG", "256", "Uganda"},
    {"UM", "1", "United States Minor Outlying Islands"},
    {"US", "1", "United States"},
    {"UY", "598", "Uruguay"},
    {"UZ", "998", "Uzbekistan"},
    {"VA", "39", "Vatican City"},
    {"VC", "1", "Saint Vincent and the Grenadines"},
    {"VE", "58", "Venezuela"},
    {"VG", "1", "British Virgin Islands"},
    {"VI", "1", "U.S. Virgin Islands"},
    {"VN", "84", "Vietnam"},
    {"VU", "678", "Vanuatu"},
    {"WF", "681", "Wallis and Futuna"},
    {"WS", "685", "Samoa"},
    {"YE", "967", "Yemen"},
    {"YT", "262", "Mayotte"},
    {"ZA", "27", "South Africa"},
    {"ZM", "260", "Zambia"},
    {"ZW", "263", "Zimbabwe"},
}};

bool AllDigits(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

static_assert(std::is_sorted(kCountries.begin(), kCountries.end(),
                             [](const Country& a, const Country& b) { return a.iso < b.iso; }),
              "kCountries must stay sorted by code: FindCountry binary-searches it");

// Groups national digits for reading without per-country numbering plans: threes, ending in one
// or two fours when the length does not divide by three ("612 345 678", "912 345 6789",
// "1234 5678", "12 345").
std::string GroupDigits(std::string_view national) {
    size_t n = national.size();
    if (n <= 4) {
        return std::string(national);
    }
    std::vector<size_t> groups;
    if (n == 5) {
        groups = {2, 3};
    } else {
        size_t rest = n;
        size_t tail_fours = n % 3 == 0 ? 0 : (n % 3 == 1 ? 1 : 2);
        rest -= tail_fours * 4;
        for (; rest > 0; rest -= 3) {
            groups.push_back(3);
        }
        for (size_t i = 0; i < tail_fours; ++i) {
            groups.push_back(4);
        }
    }
    std::string out;
    size_t pos = 0;
    for (size_t g : groups) {
        if (!out.empty()) {
            out += ' ';
        }
        out.append(national.substr(pos, g));
        pos += g;
    }
    return out;
}

}  // namespace

const Country* FindCountry(std::string_view iso) {
    auto it = std::lower_bound(kCountries.begin(), kCountries.end(), iso,
                               [](const Country& c, std::string_view key) { return c.iso < key; });
    if (it == kCountries.end() || it->iso != iso) {
        return nullptr;
    }
    return &*it;
}

std::string FormatDisplayNumber(std::string_view dial_code, std::string_view digits) {
    // Built with append rather than operator+: GCC 12 reports a false -Wrestrict on
    // `"+" + std::string(...)` at -O2.
    std::string out;
    if (digits.empty()) {
        return out;
    }
    out += '+';
    if (!AllDigits(digits) || dial_code.empty() || !AllDigits(dial_code) ||
        digits.substr(0, dial_code.size()) != dial_code || digits.size() == dial_code.size()) {
        // Not a number under this dial code: show it as given rather than guess a grouping.
        out.append(digits);
        return out;
    }
    std::string_view national = digits.substr(dial_code.size());
    out.append(dial_code);
    out += ' ';
    if (dial_code == "1" && national.size() == 10) {
        out.append(national.substr(0, 3));
        out += '-';
        out.append(national.substr(3, 3));
        out += '-';
        out.append(national.substr(6));
    } else {
        out.append(GroupDigits(national));
    }
    return out;
}

}  // namespace wharf::domain
