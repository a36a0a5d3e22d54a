#include "api/pages/setup_page.h"

#include <algorithm>
#include <array>
#include <initializer_list>

#include "domain/phone_number/country.h"

namespace wharf::api::pages {
namespace {

// Every visible string of the two pages in one language. "{name}" and "{number}" are filled in
// after escaping.
struct Text {
    std::string_view lang;
    std::string_view page_title;
    std::string_view intro;
    std::string_view intro_no_name;
    std::string_view choose_type;
    std::string_view coexistence_title;
    std::string_view coexistence_desc;
    std::string_view dedicated_title;
    std::string_view dedicated_desc;
    std::string_view submit;
    std::string_view submit_meta;
    std::string_view sandbox_note;
    std::string_view meta_note;
    std::string_view provision_title;
    std::string_view provision_desc;
    std::string_view country_label;
    std::string_view area_code_label;
    std::string_view reconnect_title;
    std::string_view reconnect_desc;
    std::string_view meta_missing_title;
    std::string_view meta_missing_body;
    std::string_view missing_label;
    std::string_view app_id_name;
    std::string_view config_id_name;
    std::string_view success_title;
    std::string_view success_body;
    std::string_view phone_label;
    std::string_view phone_id_label;
    std::string_view waba_label;
    std::string_view error_code_label;
    std::string_view expired_title;
    std::string_view expired_body;
    std::string_view used_title;
    std::string_view used_body;
    std::string_view revoked_title;
    std::string_view revoked_body;
    std::string_view invalid_title;
    std::string_view invalid_body;
    std::string_view failed_title;
    std::string_view failed_body;
};

constexpr Text kEnglish{
    .lang = "en",
    .page_title = "Connect WhatsApp",
    .intro = "{name} invites you to connect your WhatsApp Business number.",
    .intro_no_name = "Connect your WhatsApp Business number.",
    .choose_type = "How will you use this number?",
    .coexistence_title = "Keep the WhatsApp Business App",
    .coexistence_desc =
        "Keep using the WhatsApp Business App on your phone. Up to 5 messages per second.",
    .dedicated_title = "API only",
    .dedicated_desc =
        "The number works only through the API, without the app. Up to 1,000 "
        "messages per second.",
    .submit = "Connect WhatsApp",
    .submit_meta = "Continue with Facebook",
    .sandbox_note = "Sandbox: no Meta account is needed. A test number will be connected.",
    .meta_note = "You will sign in with Facebook to choose your WhatsApp Business account.",
    .provision_title = "A new number will be set up for you",
    .provision_desc = "Choose the country of your new WhatsApp number.",
    .country_label = "Country",
    .area_code_label = "Area code",
    .reconnect_title = "Reconnect {number}",
    .reconnect_desc = "This renews the connection of your existing WhatsApp number.",
    .meta_missing_title = "Meta signup is not configured",
    .meta_missing_body =
        "Meta's embedded signup needs the Meta app ID and configuration ID. "
        "Start the server with --meta-app-id and --meta-config-id.",
    .missing_label = "Missing:",
    .app_id_name = "Meta app ID",
    .config_id_name = "Meta configuration ID",
    .success_title = "WhatsApp is connected",
    .success_body = "Your number is ready. You can close this page.",
    .phone_label = "Phone number",
    .phone_id_label = "Phone number ID",
    .waba_label = "Business account ID",
    .error_code_label = "Error code",
    .expired_title = "This link has expired",
    .expired_body = "Ask the sender for a new setup link.",
    .used_title = "This link was already used",
    .used_body = "Each setup link works once. Ask the sender for a new one to connect again.",
    .revoked_title = "This link was cancelled",
    .revoked_body = "The sender cancelled this link. Ask them for a new one.",
    .invalid_title = "This link is not valid",
    .invalid_body = "Check the address, or ask the sender for a new link.",
    .failed_title = "WhatsApp could not be connected",
    .failed_body = "Something went wrong. Please try again, or contact the sender.",
};

constexpr Text kSpanish{
    .lang = "es",
    .page_title = "Conectar WhatsApp",
    .intro = "{name} te invita a conectar tu número de WhatsApp Business.",
    .intro_no_name = "Conecta tu número de WhatsApp Business.",
    .choose_type = "¿Cómo usarás este número?",
    .coexistence_title = "Mantener la app WhatsApp Business",
    .coexistence_desc =
        "Sigue usando la app WhatsApp Business en tu teléfono. Hasta 5 mensajes "
        "por segundo.",
    .dedicated_title = "Solo API",
    .dedicated_desc =
        "El número funciona solo a través de la API, sin la app. Hasta 1.000 "
        "mensajes por segundo.",
    .submit = "Conectar mi WhatsApp",
    .submit_meta = "Continuar con Facebook",
    .sandbox_note = "Sandbox: no se necesita una cuenta de Meta. Se conectará un número de prueba.",
    .meta_note = "Iniciarás sesión con Facebook para elegir tu cuenta de WhatsApp Business.",
    .provision_title = "Te prepararemos un número nuevo",
    .provision_desc = "Elige el país de tu nuevo número de WhatsApp.",
    .country_label = "País",
    .area_code_label = "Código de área",
    .reconnect_title = "Reconectar {number}",
    .reconnect_desc = "Esto renueva la conexión de tu número de WhatsApp actual.",
    .meta_missing_title = "El registro con Meta no está configurado",
    .meta_missing_body =
        "El registro integrado de Meta necesita el ID de la app de Meta y el ID "
        "de configuración. Inicia el servidor con --meta-app-id y "
        "--meta-config-id.",
    .missing_label = "Falta:",
    .app_id_name = "ID de la app de Meta",
    .config_id_name = "ID de configuración de Meta",
    .success_title = "WhatsApp está conectado",
    .success_body = "Tu número está listo. Ya puedes cerrar esta página.",
    .phone_label = "Número de teléfono",
    .phone_id_label = "ID del número",
    .waba_label = "ID de la cuenta de empresa",
    .error_code_label = "Código de error",
    .expired_title = "Este enlace ha caducado",
    .expired_body = "Pide al remitente un nuevo enlace de configuración.",
    .used_title = "Este enlace ya se utilizó",
    .used_body = "Cada enlace funciona una sola vez. Pide uno nuevo para volver a conectar.",
    .revoked_title = "Este enlace fue cancelado",
    .revoked_body = "El remitente canceló este enlace. Pídele uno nuevo.",
    .invalid_title = "Este enlace no es válido",
    .invalid_body = "Revisa la dirección o pide un enlace nuevo al remitente.",
    .failed_title = "No se pudo conectar WhatsApp",
    .failed_body = "Algo salió mal. Inténtalo de nuevo o contacta al remitente.",
};

constexpr Text kPortuguese{
    .lang = "pt",
    .page_title = "Conectar o WhatsApp",
    .intro = "{name} convida você a conectar seu número do WhatsApp Business.",
    .intro_no_name = "Conecte seu número do WhatsApp Business.",
    .choose_type = "Como você vai usar este número?",
    .coexistence_title = "Manter o app WhatsApp Business",
    .coexistence_desc =
        "Continue usando o app WhatsApp Business no seu celular. Até 5 mensagens "
        "por segundo.",
    .dedicated_title = "Somente API",
    .dedicated_desc = "O número funciona só pela API, sem o app. Até 1.000 mensagens por segundo.",
    .submit = "Conectar meu WhatsApp",
    .submit_meta = "Continuar com o Facebook",
    .sandbox_note =
        "Sandbox: não é preciso ter uma conta da Meta. Um número de teste será conectado.",
    .meta_note = "Você vai entrar com o Facebook para escolher sua conta do WhatsApp Business.",
    .provision_title = "Vamos preparar um número novo para você",
    .provision_desc = "Escolha o país do seu novo número de WhatsApp.",
    .country_label = "País",
    .area_code_label = "Código de área",
    .reconnect_title = "Reconectar {number}",
    .reconnect_desc = "Isso renova a conexão do seu número de WhatsApp atual.",
    .meta_missing_title = "O cadastro da Meta não está configurado",
    .meta_missing_body =
        "O cadastro incorporado da Meta precisa do ID do app da Meta e do ID de "
        "configuração. Inicie o servidor com --meta-app-id e --meta-config-id.",
    .missing_label = "Faltando:",
    .app_id_name = "ID do app da Meta",
    .config_id_name = "ID de configuração da Meta",
    .success_title = "O WhatsApp está conectado",
    .success_body = "Seu número está pronto. Você já pode fechar esta página.",
    .phone_label = "Número de telefone",
    .phone_id_label = "ID do número",
    .waba_label = "ID da conta comercial",
    .error_code_label = "Código do erro",
    .expired_title = "Este link expirou",
    .expired_body = "Peça um novo link de configuração a quem o enviou.",
    .used_title = "Este link já foi usado",
    .used_body = "Cada link funciona uma vez. Peça um novo para conectar de novo.",
    .revoked_title = "Este link foi cancelado",
    .revoked_body = "Quem enviou cancelou este link. Peça um novo.",
    .invalid_title = "Este link não é válido",
    .invalid_body = "Confira o endereço ou peça um novo link a quem o enviou.",
    .failed_title = "Não foi possível conectar o WhatsApp",
    .failed_body = "Algo deu errado. Tente de novo ou fale com quem enviou o link.",
};

constexpr Text kHindi{
    .lang = "hi",
    .page_title = "WhatsApp कनेक्ट करें",
    .intro = "{name} आपको अपना WhatsApp Business नंबर कनेक्ट करने के लिए आमंत्रित करता है।",
    .intro_no_name = "अपना WhatsApp Business नंबर कनेक्ट करें।",
    .choose_type = "आप इस नंबर का उपयोग कैसे करेंगे?",
    .coexistence_title = "WhatsApp Business ऐप भी रखें",
    .coexistence_desc = "अपने फ़ोन पर WhatsApp Business ऐप का उपयोग जारी रखें। प्रति सेकंड 5 संदेश तक।",
    .dedicated_title = "केवल API",
    .dedicated_desc = "नंबर ऐप के बिना, केवल API से काम करता है। प्रति सेकंड 1,000 संदेश तक।",
    .submit = "मेरा WhatsApp कनेक्ट करें",
    .submit_meta = "Facebook के साथ जारी रखें",
    .sandbox_note = "सैंडबॉक्स: Meta खाते की ज़रूरत नहीं है। एक टेस्ट नंबर कनेक्ट किया जाएगा।",
    .meta_note = "अपना WhatsApp Business खाता चुनने के लिए आप Facebook से साइन इन करेंगे।",
    .provision_title = "आपके लिए एक नया नंबर सेट किया जाएगा",
    .provision_desc = "अपने नए WhatsApp नंबर के लिए देश चुनें।",
    .country_label = "देश",
    .area_code_label = "एरिया कोड",
    .reconnect_title = "{number} फिर से कनेक्ट करें",
    .reconnect_desc = "इससे आपके मौजूदा WhatsApp नंबर का कनेक्शन नवीनीकृत होता है।",
    .meta_missing_title = "Meta साइनअप कॉन्फ़िगर नहीं है",
    .meta_missing_body =
        "Meta के एम्बेडेड साइनअप के लिए Meta ऐप ID और कॉन्फ़िगरेशन ID चाहिए। "
        "सर्वर को --meta-app-id और --meta-config-id के साथ शुरू करें।",
    .missing_label = "अनुपलब्ध:",
    .app_id_name = "Meta ऐप ID",
    .config_id_name = "Meta कॉन्फ़िगरेशन ID",
    .success_title = "WhatsApp कनेक्ट हो गया",
    .success_body = "आपका नंबर तैयार है। अब आप यह पेज बंद कर सकते हैं।",
    .phone_label = "फ़ोन नंबर",
    .phone_id_label = "फ़ोन नंबर ID",
    .waba_label = "बिज़नेस खाता ID",
    .error_code_label = "त्रुटि कोड",
    .expired_title = "इस लिंक की समय-सीमा समाप्त हो गई है",
    .expired_body = "भेजने वाले से नया सेटअप लिंक माँगें।",
    .used_title = "यह लिंक पहले ही इस्तेमाल हो चुका है",
    .used_body = "हर सेटअप लिंक एक ही बार काम करता है। फिर से कनेक्ट करने के लिए नया लिंक माँगें।",
    .revoked_title = "यह लिंक रद्द कर दिया गया है",
    .revoked_body = "भेजने वाले ने यह लिंक रद्द कर दिया। उनसे नया लिंक माँगें।",
    .invalid_title = "यह लिंक मान्य नहीं है",
    .invalid_body = "पता जाँचें, या भेजने वाले से नया लिंक माँगें।",
    .failed_title = "WhatsApp कनेक्ट नहीं हो सका",
    .failed_body = "कुछ गलत हो गया। फिर से कोशिश करें, या भेजने वाले से संपर्क करें।",
};

constexpr Text kIndonesian{
    .lang = "id",
    .page_title = "Hubungkan WhatsApp",
    .intro = "{name} mengundang Anda untuk menghubungkan nomor WhatsApp Business Anda.",
    .intro_no_name = "Hubungkan nomor WhatsApp Business Anda.",
    .choose_type = "Bagaimana Anda akan menggunakan nomor ini?",
    .coexistence_title = "Tetap pakai aplikasi WhatsApp Business",
    .coexistence_desc =
        "Tetap gunakan aplikasi WhatsApp Business di ponsel Anda. Hingga 5 pesan "
        "per detik.",
    .dedicated_title = "Hanya API",
    .dedicated_desc =
        "Nomor hanya berfungsi melalui API, tanpa aplikasi. Hingga 1.000 pesan per detik.",
    .submit = "Hubungkan WhatsApp saya",
    .submit_meta = "Lanjutkan dengan Facebook",
    .sandbox_note = "Sandbox: tidak perlu akun Meta. Nomor uji akan dihubungkan.",
    .meta_note = "Anda akan masuk dengan Facebook untuk memilih akun WhatsApp Business Anda.",
    .provision_title = "Nomor baru akan disiapkan untuk Anda",
    .provision_desc = "Pilih negara untuk nomor WhatsApp baru Anda.",
    .country_label = "Negara",
    .area_code_label = "Kode area",
    .reconnect_title = "Hubungkan ulang {number}",
    .reconnect_desc = "Ini memperbarui koneksi nomor WhatsApp Anda yang sudah ada.",
    .meta_missing_title = "Pendaftaran Meta belum dikonfigurasi",
    .meta_missing_body =
        "Pendaftaran tersemat Meta memerlukan ID aplikasi Meta dan ID "
        "konfigurasi. Jalankan server dengan --meta-app-id dan --meta-config-id.",
    .missing_label = "Belum ada:",
    .app_id_name = "ID aplikasi Meta",
    .config_id_name = "ID konfigurasi Meta",
    .success_title = "WhatsApp sudah terhubung",
    .success_body = "Nomor Anda sudah siap. Anda dapat menutup halaman ini.",
    .phone_label = "Nomor telepon",
    .phone_id_label = "ID nomor telepon",
    .waba_label = "ID akun bisnis",
    .error_code_label = "Kode kesalahan",
    .expired_title = "Tautan ini sudah kedaluwarsa",
    .expired_body = "Minta tautan penyiapan baru kepada pengirim.",
    .used_title = "Tautan ini sudah digunakan",
    .used_body =
        "Setiap tautan penyiapan hanya berlaku sekali. Minta tautan baru untuk "
        "menghubungkan lagi.",
    .revoked_title = "Tautan ini telah dibatalkan",
    .revoked_body = "Pengirim membatalkan tautan ini. Minta tautan baru kepada mereka.",
    .invalid_title = "Tautan ini tidak valid",
    .invalid_body = "Periksa alamatnya, atau minta tautan baru kepada pengirim.",
    .failed_title = "WhatsApp tidak dapat dihubungkan",
    .failed_body = "Terjadi kesalahan. Coba lagi, atau hubungi pengirim.",
};

constexpr Text kArabic{
    .lang = "ar",
    .page_title = "ربط واتساب",
    .intro = "يدعوك {name} إلى ربط رقم واتساب للأعمال الخاص بك.",
    .intro_no_name = "اربط رقم واتساب للأعمال الخاص بك.",
    .choose_type = "كيف ستستخدم هذا الرقم؟",
    .coexistence_title = "الاحتفاظ بتطبيق واتساب للأعمال",
    .coexistence_desc = "واصل استخدام تطبيق واتساب للأعمال على هاتفك. حتى 5 رسائل في الثانية.",
    .dedicated_title = "واجهة API فقط",
    .dedicated_desc = "يعمل الرقم عبر واجهة API فقط، بدون التطبيق. حتى 1,000 رسالة في الثانية.",
    .submit = "ربط واتساب الآن",
    .submit_meta = "المتابعة باستخدام فيسبوك",
    .sandbox_note = "وضع الاختبار: لا حاجة إلى حساب Meta. سيتم ربط رقم تجريبي.",
    .meta_note = "ستسجّل الدخول عبر فيسبوك لاختيار حساب واتساب للأعمال.",
    .provision_title = "سنجهّز لك رقمًا جديدًا",
    .provision_desc = "اختر الدولة لرقم واتساب الجديد.",
    .country_label = "الدولة",
    .area_code_label = "رمز المنطقة",
    .reconnect_title = "إعادة ربط {number}",
    .reconnect_desc = "يجدّد هذا اتصال رقم واتساب الحالي.",
    .meta_missing_title = "التسجيل عبر Meta غير مُعدّ",
    .meta_missing_body =
        "يتطلب التسجيل المضمّن من Meta معرّف تطبيق Meta ومعرّف الإعداد. شغّل "
        "الخادم باستخدام --meta-app-id و --meta-config-id.",
    .missing_label = "الناقص:",
    .app_id_name = "معرّف تطبيق Meta",
    .config_id_name = "معرّف إعداد Meta",
    .success_title = "تم ربط واتساب",
    .success_body = "رقمك جاهز. يمكنك إغلاق هذه الصفحة.",
    .phone_label = "رقم الهاتف",
    .phone_id_label = "معرّف رقم الهاتف",
    .waba_label = "معرّف حساب الأعمال",
    .error_code_label = "رمز الخطأ",
    .expired_title = "انتهت صلاحية هذا الرابط",
    .expired_body = "اطلب من المرسل رابط إعداد جديدًا.",
    .used_title = "تم استخدام هذا الرابط من قبل",
    .used_body = "كل رابط إعداد يعمل مرة واحدة. اطلب رابطًا جديدًا لإعادة الربط.",
    .revoked_title = "تم إلغاء هذا الرابط",
    .revoked_body = "ألغى المرسل هذا الرابط. اطلب منه رابطًا جديدًا.",
    .invalid_title = "هذا الرابط غير صالح",
    .invalid_body = "تحقق من العنوان، أو اطلب من المرسل رابطًا جديدًا.",
    .failed_title = "تعذّر ربط واتساب",
    .failed_body = "حدث خطأ ما. حاول مرة أخرى، أو تواصل مع المرسل.",
};

constexpr std::array<const Text*, 6> kTexts = {&kEnglish, &kSpanish,    &kPortuguese,
                                               &kHindi,   &kIndonesian, &kArabic};

const Text* FindText(std::string_view lang) {
    for (const Text* t : kTexts) {
        if (t->lang == lang) {
            return t;
        }
    }
    return nullptr;
}

const Text& TextFor(std::string_view lang) {
    const Text* t = FindText(lang);
    return t != nullptr ? *t : kEnglish;
}

// Appends pieces without operator+ chains (GCC 12 reports false -Wrestrict on those at -O2).
void Add(std::string& out, std::initializer_list<std::string_view> parts) {
    for (std::string_view p : parts) {
        out.append(p);
    }
}

// Escapes a translated template, then puts an already escaped value in place of `key`.
std::string Fill(std::string_view text, std::string_view key, std::string_view escaped_value) {
    std::string out = HtmlEscape(text);
    size_t at = out.find(key);
    if (at != std::string::npos) {
        out.replace(at, key.size(), escaped_value);
    }
    return out;
}

// Kapso's documented defaults; card_color defaults to the (possibly themed) background.
struct ThemeVar {
    std::string_view key;       // theme_config key
    std::string_view css_name;  // custom property
    std::string_view fallback;  // default, empty for card_color
};

constexpr std::array<ThemeVar, 12> kThemeVars{{
    {"primary_color", "--primary", "#22c55e"},
    {"primary_foreground_color", "--primary-foreground", "#ffffff"},
    {"background_color", "--background", "#ffffff"},
    {"text_color", "--text", "#0f172a"},
    {"muted_text_color", "--muted-text", "#64748b"},
    {"card_color", "--card", ""},
    {"muted_color", "--muted", "#f1f5f9"},
    {"border_color", "--border", "#e2e8f0"},
    {"secondary_color", "--secondary", "#f1f5f9"},
    {"secondary_foreground_color", "--secondary-foreground", "#0f172a"},
    {"destructive_color", "--destructive", "#ef4444"},
    {"destructive_foreground_color", "--destructive-foreground", "#fef2f2"},
}};

bool IsHexColor(std::string_view s) {
    return s.size() == 7 && s[0] == '#' && std::all_of(s.begin() + 1, s.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
           });
}

// ":root{--primary:#22c55e;...}". Values that are not "#RRGGBB" are ignored (the domain already
// refuses them; this keeps anything else out of the style sheet).
std::string ThemeCss(const std::optional<domain::ThemeConfig>& theme) {
    auto pick = [&](std::string_view key, std::string_view fallback) -> std::string_view {
        if (theme) {
            auto it = theme->find(std::string(key));
            if (it != theme->end() && IsHexColor(it->second)) {
                return it->second;
            }
        }
        return fallback;
    };
    std::string_view background = pick("background_color", "#ffffff");
    std::string out = ":root{";
    for (const ThemeVar& var : kThemeVars) {
        std::string_view fallback = var.fallback.empty() ? background : var.fallback;
        Add(out, {var.css_name, ":", pick(var.key, fallback), ";"});
    }
    out += "}\n";
    return out;
}

constexpr std::string_view kStyle = R"css(*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;padding:32px 16px;background:var(--background);color:var(--text);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Devanagari","Noto Sans Arabic",Helvetica,Arial,sans-serif}
.card{width:100%;max-width:480px;background:var(--card);border:1px solid var(--border);border-radius:16px;padding:32px;box-shadow:0 1px 2px rgba(15,23,42,.05),0 12px 32px rgba(15,23,42,.08)}
.badge{width:48px;height:48px;border-radius:12px;display:flex;align-items:center;justify-content:center;margin-bottom:20px;background:var(--primary);color:var(--primary-foreground)}
.badge.error{background:var(--destructive);color:var(--destructive-foreground)}
.badge svg{width:26px;height:26px}
h1{font-size:1.5rem;line-height:1.25;margin:0 0 8px;letter-spacing:-.01em}
h2{font-size:1rem;line-height:1.4;margin:0 0 4px}
p{margin:0}
.lead{color:var(--muted-text);margin-bottom:24px}
.alert{background:var(--destructive);color:var(--destructive-foreground);border-radius:10px;padding:12px 14px;margin-bottom:20px;font-size:.9375rem}
.panel{background:var(--secondary);color:var(--secondary-foreground);border:1px solid var(--border);border-radius:12px;padding:14px 16px;margin-bottom:20px}
.panel p{font-size:.875rem}
.panel .row{margin-top:10px}
fieldset{border:0;padding:0;margin:0 0 20px;min-width:0}
legend{font-weight:600;padding:0;margin-bottom:12px}
.choice{display:flex;gap:12px;align-items:flex-start;padding:14px 16px;border:1px solid var(--border);border-radius:12px;background:var(--card);cursor:pointer;transition:border-color .15s,box-shadow .15s}
.choice+.choice{margin-top:10px}
.choice:hover{border-color:var(--primary)}
.choice:has(input:checked){border-color:var(--primary);box-shadow:0 0 0 1px var(--primary)}
.choice:has(input:focus-visible){outline:2px solid var(--primary);outline-offset:2px}
.choice input{flex:none;width:18px;height:18px;margin:3px 0 0;accent-color:var(--primary)}
.choice-title{display:block;font-weight:600}
.choice-desc{display:block;color:var(--muted-text);font-size:.875rem;margin-top:2px}
label.field{display:block;font-weight:600;font-size:.875rem;margin-bottom:6px}
select{width:100%;padding:10px 12px;border:1px solid var(--border);border-radius:8px;background:var(--card);color:var(--text);font:inherit}
.note{color:var(--muted-text);font-size:.875rem;margin-bottom:16px}
.button{display:block;width:100%;padding:12px 16px;border:0;border-radius:10px;background:var(--primary);color:var(--primary-foreground);font:inherit;font-weight:600;cursor:pointer;transition:filter .15s}
.button:hover{filter:brightness(.95)}
.button:focus-visible{outline:2px solid var(--text);outline-offset:2px}
.details{display:grid;grid-template-columns:auto 1fr;gap:8px 16px;margin:0;padding:16px;background:var(--muted);border-radius:12px;font-size:.875rem}
.details dt{color:var(--muted-text)}
.details dd{margin:0;overflow-wrap:anywhere}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.875em;background:var(--muted);color:var(--text);padding:2px 6px;border-radius:6px}
.details code{background:transparent;padding:0}
ul.missing{margin:12px 0 0;padding-inline-start:20px}
@media (max-width:520px){body{padding:0;align-items:stretch}.card{max-width:none;border:0;border-radius:0;box-shadow:none;padding:28px 20px}}
@media (prefers-reduced-motion:reduce){*{transition:none!important}}
)css";

constexpr std::string_view kChatIcon =
    R"(<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" )"
    R"(stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">)"
    R"(<path d="M5 4h14a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2h-8l-5 4v-4H5a2 2 0 0 1-2-2V6a2 2 0 0 1 )"
    R"(2-2z"/><path d="M8 9.5h8M8 12.5h5"/></svg>)";
constexpr std::string_view kCheckIcon =
    R"(<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2.5" )"
    R"(stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">)"
    R"(<path d="M5 12.5l4.5 4.5L19 7.5"/></svg>)";
constexpr std::string_view kCrossIcon =
    R"(<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2.5" )"
    R"(stroke-linecap="round" aria-hidden="true"><path d="M7 7l10 10M17 7L7 17"/></svg>)";

void OpenDocument(std::string& out, const Text& t, const std::optional<domain::ThemeConfig>& theme,
                  std::string_view title) {
    std::string_view dir = t.lang == "ar" ? "rtl" : "ltr";
    Add(out, {"<!DOCTYPE html>\n<html lang=\"", t.lang, "\" dir=\"", dir, "\">\n<head>\n",
              "<meta charset=\"utf-8\">\n",
              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
              "<meta name=\"robots\" content=\"noindex, nofollow\">\n",
              "<meta name=\"referrer\" content=\"no-referrer\">\n", "<title>", HtmlEscape(title),
              "</title>\n<style>\n", ThemeCss(theme), kStyle, "</style>\n</head>\n<body>\n"});
}

void CloseDocument(std::string& out) {
    out += "</body>\n</html>\n";
}

bool AllDigits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "+1 555-123-4567" for NANP digits, "+<digits>" for other digit strings, else as given.
std::string DisplayNumber(const std::string& number) {
    if (!AllDigits(number)) {
        return number;
    }
    if (number.size() == 11 && number[0] == '1') {
        return domain::FormatDisplayNumber("1", number);
    }
    std::string out = "+";
    out += number;
    return out;
}

std::string CountryLabel(const std::string& iso) {
    const domain::Country* c = domain::FindCountry(iso);
    if (c == nullptr) {
        return iso;
    }
    std::string out;
    Add(out, {c->name, " (+", c->dial_code, ")"});
    return out;
}

void RenderChoice(std::string& out, const Text& t, domain::ConnectionType type, bool checked) {
    bool coex = type == domain::ConnectionType::kCoexistence;
    std::string_view value = domain::ConnectionTypeName(type);
    std::string_view id = coex ? "connection-type-coexistence" : "connection-type-dedicated";
    Add(out,
        {"<label class=\"choice\" for=\"", id,
         "\">\n<input type=\"radio\" name=\"connection_type\" value=\"", value, "\" id=\"", id,
         "\" data-testid=\"", id, "\"", checked ? " checked" : "",
         ">\n<span><span class=\"choice-title\">",
         HtmlEscape(coex ? t.coexistence_title : t.dedicated_title),
         "</span><span class=\"choice-desc\">",
         HtmlEscape(coex ? t.coexistence_desc : t.dedicated_desc), "</span></span>\n</label>\n"});
}

void RenderProvision(std::string& out, const Text& t, const SetupPageView& v) {
    Add(out, {"<section class=\"panel\" id=\"provision\" data-testid=\"provision\">\n<h2>",
              HtmlEscape(t.provision_title), "</h2>\n"});
    std::vector<std::string> isos = v.country_isos;
    if (isos.empty()) {
        isos.push_back("US");  // the domain default
    }
    if (isos.size() > 1) {
        Add(out, {"<p>", HtmlEscape(t.provision_desc), "</p>\n<div class=\"row\">",
                  "<label class=\"field\" for=\"country-iso\">", HtmlEscape(t.country_label),
                  "</label>\n<select name=\"country_iso\" id=\"country-iso\" "
                  "data-testid=\"country-iso\">\n"});
        for (const auto& iso : isos) {
            Add(out, {"<option value=\"", HtmlEscape(iso), "\">", HtmlEscape(CountryLabel(iso)),
                      "</option>\n"});
        }
        out += "</select></div>\n";
    } else {
        Add(out, {"<p class=\"row\">", HtmlEscape(t.country_label), ": <strong>",
                  HtmlEscape(CountryLabel(isos.front())), "</strong></p>\n",
                  "<input type=\"hidden\" name=\"country_iso\" id=\"country-iso\" "
                  "data-testid=\"country-iso\" value=\"",
                  HtmlEscape(isos.front()), "\">\n"});
    }
    if (v.area_code) {
        Add(out, {"<p class=\"row\">", HtmlEscape(t.area_code_label), ": <strong>",
                  HtmlEscape(*v.area_code), "</strong></p>\n"});
    }
    out += "</section>\n";
}

void RenderMetaMissing(std::string& out, const Text& t, const SetupPageView& v) {
    bool no_app = !v.meta_app_id || v.meta_app_id->empty();
    bool no_config = !v.meta_config_id || v.meta_config_id->empty();
    Add(out, {"<section class=\"panel\" id=\"meta-config-missing\" "
              "data-testid=\"meta-config-missing\">\n<h2>",
              HtmlEscape(t.meta_missing_title), "</h2>\n<p>", HtmlEscape(t.meta_missing_body),
              "</p>\n<p class=\"row\"><strong>", HtmlEscape(t.missing_label),
              "</strong></p>\n<ul class=\"missing\">\n"});
    if (no_app) {
        Add(out, {"<li><code>--meta-app-id</code> (", HtmlEscape(t.app_id_name), ")</li>\n"});
    }
    if (no_config) {
        Add(out, {"<li><code>--meta-config-id</code> (", HtmlEscape(t.config_id_name), ")</li>\n"});
    }
    out += "</ul>\n</section>\n";
}

}  // namespace

std::string HtmlEscape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string RenderSetupPage(const SetupPageView& v) {
    const Text& t = TextFor(v.language);
    std::string out;
    out.reserve(16 * 1024);
    OpenDocument(out, t, v.theme, t.page_title);
    Add(out, {"<main class=\"card\" id=\"setup-page\" data-testid=\"setup-page\">\n",
              "<div class=\"badge\">", kChatIcon, "</div>\n<h1>", HtmlEscape(t.page_title),
              "</h1>\n<p class=\"lead\">"});
    if (v.customer_name.empty()) {
        out += HtmlEscape(t.intro_no_name);
    } else {
        std::string name = "<strong><bdi>";
        Add(name, {HtmlEscape(v.customer_name), "</bdi></strong>"});
        out += Fill(t.intro, "{name}", name);
    }
    out += "</p>\n";
    if (v.error_message) {
        Add(out, {"<div class=\"alert\" role=\"alert\" id=\"error-banner\" "
                  "data-testid=\"error-banner\">",
                  HtmlEscape(*v.error_message), "</div>\n"});
    }
    if (v.reconnect_phone_number) {
        std::string number = "<bdi dir=\"ltr\">";
        Add(number, {HtmlEscape(DisplayNumber(*v.reconnect_phone_number)), "</bdi>"});
        Add(out, {"<section class=\"panel\" id=\"reconnect\" data-testid=\"reconnect\">\n<h2>",
                  Fill(t.reconnect_title, "{number}", number), "</h2>\n<p>",
                  HtmlEscape(t.reconnect_desc), "</p>\n</section>\n"});
    }
    bool meta_ready =
        v.meta_app_id && !v.meta_app_id->empty() && v.meta_config_id && !v.meta_config_id->empty();
    if (v.meta_mode && !meta_ready) {
        RenderMetaMissing(out, t, v);
    } else {
        // In meta mode the handler answers this POST by sending the browser on to Meta's embedded
        // signup, so the form itself needs no script either way.
        Add(out, {"<form method=\"post\" action=\"", HtmlEscape(v.form_action),
                  "\" id=\"setup-form\" data-testid=\"setup-form\" data-mode=\"",
                  v.meta_mode ? "meta" : "sandbox", "\">\n<fieldset>\n<legend>",
                  HtmlEscape(t.choose_type), "</legend>\n"});
        std::vector<domain::ConnectionType> types = v.connection_types;
        if (types.empty()) {
            types = {domain::ConnectionType::kCoexistence, domain::ConnectionType::kDedicated};
        }
        for (auto type : types) {
            RenderChoice(out, t, type, types.size() == 1);
        }
        out += "</fieldset>\n";
        if (v.provision_phone_number) {
            RenderProvision(out, t, v);
        }
        Add(out, {"<p class=\"note\">", HtmlEscape(v.meta_mode ? t.meta_note : t.sandbox_note),
                  "</p>\n<button type=\"submit\" class=\"button\" id=\"submit\" "
                  "data-testid=\"submit\">",
                  HtmlEscape(v.meta_mode ? t.submit_meta : t.submit), "</button>\n</form>\n"});
    }
    out += "</main>\n";
    CloseDocument(out);
    return out;
}

std::string RenderSetupResult(const SetupResultView& v) {
    const Text& t = TextFor(v.language);
    std::string out;
    out.reserve(12 * 1024);
    if (v.success) {
        OpenDocument(out, t, v.theme, t.success_title);
        Add(out, {"<main class=\"card\" id=\"result-success\" data-testid=\"result-success\">\n",
                  "<div class=\"badge\">", kCheckIcon, "</div>\n<h1>", HtmlEscape(t.success_title),
                  "</h1>\n<p class=\"lead\">", HtmlEscape(t.success_body), "</p>\n"});
        if (v.display_phone_number || v.phone_number_id || v.business_account_id) {
            out += "<dl class=\"details\">\n";
            if (v.display_phone_number) {
                Add(out, {"<dt>", HtmlEscape(t.phone_label),
                          "</dt><dd id=\"display-phone-number\" "
                          "data-testid=\"display-phone-number\"><bdi dir=\"ltr\">",
                          HtmlEscape(*v.display_phone_number), "</bdi></dd>\n"});
            }
            if (v.phone_number_id) {
                Add(out, {"<dt>", HtmlEscape(t.phone_id_label),
                          "</dt><dd><code id=\"phone-number-id\" data-testid=\"phone-number-id\">",
                          HtmlEscape(*v.phone_number_id), "</code></dd>\n"});
            }
            if (v.business_account_id) {
                Add(out, {"<dt>", HtmlEscape(t.waba_label),
                          "</dt><dd><code id=\"business-account-id\" "
                          "data-testid=\"business-account-id\">",
                          HtmlEscape(*v.business_account_id), "</code></dd>\n"});
            }
            out += "</dl>\n";
        }
    } else {
        std::string_view code = v.error_code ? std::string_view(*v.error_code) : "";
        std::string_view title = t.failed_title;
        std::string_view body = t.failed_body;
        if (code == "link_expired") {
            title = t.expired_title;
            body = t.expired_body;
        } else if (code == "already_used") {
            title = t.used_title;
            body = t.used_body;
        } else if (code == "link_revoked") {
            title = t.revoked_title;
            body = t.revoked_body;
        } else if (code == "link_not_found" || code == "invalid_link") {
            title = t.invalid_title;
            body = t.invalid_body;
        }
        OpenDocument(out, t, v.theme, title);
        Add(out, {"<main class=\"card\" id=\"result-error\" data-testid=\"result-error\">\n",
                  "<div class=\"badge error\">", kCrossIcon, "</div>\n<h1>", HtmlEscape(title),
                  "</h1>\n<p class=\"lead\">", HtmlEscape(body), "</p>\n"});
        if (!code.empty()) {
            Add(out, {"<p class=\"note\">", HtmlEscape(t.error_code_label),
                      ": <code id=\"error-code\" data-testid=\"error-code\">", HtmlEscape(code),
                      "</code></p>\n"});
        }
    }
    out += "</main>\n";
    CloseDocument(out);
    return out;
}

std::string PickLanguage(const std::optional<std::string>& link_language,
                         std::string_view accept_language) {
    if (link_language && FindText(*link_language) != nullptr) {
        return *link_language;
    }
    // Accept-Language: comma-separated "tag[;q=value]" (RFC 9110 §12.5.4). Only the primary
    // subtag matters here; q is compared in thousandths.
    std::string best = "en";
    int best_q = 0;
    size_t pos = 0;
    while (pos <= accept_language.size()) {
        size_t comma = accept_language.find(',', pos);
        std::string_view entry = accept_language.substr(
            pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
        pos = comma == std::string_view::npos ? accept_language.size() + 1 : comma + 1;

        size_t semi = entry.find(';');
        std::string_view tag = entry.substr(0, semi);
        std::string_view params = semi == std::string_view::npos ? "" : entry.substr(semi + 1);
        auto trim = [](std::string_view s) {
            size_t b = s.find_first_not_of(" \t");
            size_t e = s.find_last_not_of(" \t");
            return b == std::string_view::npos ? std::string_view() : s.substr(b, e - b + 1);
        };
        tag = trim(tag);
        std::string primary;
        for (char c : tag.substr(0, tag.find('-'))) {
            primary += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        }
        if (FindText(primary) == nullptr) {
            continue;
        }
        int q = 1000;
        params = trim(params);
        if (params.size() >= 2 && (params[0] == 'q' || params[0] == 'Q') && params[1] == '=') {
            std::string_view value = trim(params.substr(2));
            if (value.empty() || (value[0] != '0' && value[0] != '1')) {
                continue;  // malformed q: skip the entry
            }
            q = (value[0] - '0') * 1000;
            if (value.size() > 1) {
                if (value[1] != '.' || value.size() > 5) {
                    continue;
                }
                int scale = 100;
                for (char c : value.substr(2)) {
                    if (c < '0' || c > '9') {
                        scale = -1;
                        break;
                    }
                    q += (c - '0') * scale;
                    scale /= 10;
                }
                if (scale < 0 || q > 1000) {
                    continue;
                }
            }
        }
        if (q > best_q) {
            best_q = q;
            best = primary;
        }
    }
    return best;
}

}  // namespace wharf::api::pages
