#pragma once

// The template assets of the Kapso skill (spec/assets/*.json), copied verbatim so the domain
// tests stay free of file I/O. Keep in sync with the originals.

#include <string_view>

namespace wharf::domain::testing {

// spec/assets/template-authentication-otp.json
inline constexpr std::string_view kTemplateAuthenticationOtp = R"json({
  "name": "login_otp",
  "language": "en_US",
  "category": "AUTHENTICATION",
  "components": [
    {
      "type": "BODY",
      "add_security_recommendation": true,
      "code_expiration_minutes": 10
    },
    {
      "type": "BUTTONS",
      "buttons": [
        { "type": "OTP", "otp_type": "COPY_CODE", "text": "Copy code" }
      ]
    }
  ]
})json";

// spec/assets/template-marketing-media-header.json
inline constexpr std::string_view kTemplateMarketingMediaHeader = R"json({
  "name": "product_launch_image",
  "language": "en_US",
  "category": "MARKETING",
  "parameter_format": "NAMED",
  "components": [
    {
      "type": "HEADER",
      "format": "IMAGE",
      "example": {
        "header_handle": ["HEADER_HANDLE_PLACEHOLDER"]
      }
    },
    {
      "type": "BODY",
      "text": "Hi {{first_name}}, meet the new release.",
      "example": {
        "body_text_named_params": [
          { "param_name": "first_name", "example": "Jordan" }
        ]
      }
    }
  ]
})json";

// spec/assets/template-utility-named.json
inline constexpr std::string_view kTemplateUtilityNamed = R"json({
  "name": "order_ready_named",
  "language": "en_US",
  "category": "UTILITY",
  "parameter_format": "NAMED",
  "components": [
    {
      "type": "HEADER",
      "format": "TEXT",
      "text": "Order {{order_id}} is ready",
      "example": {
        "header_text_named_params": [
          { "param_name": "order_id", "example": "ORDER-123" }
        ]
      }
    },
    {
      "type": "BODY",
      "text": "Hi {{customer_name}}, your total is {{amount}}.",
      "example": {
        "body_text_named_params": [
          { "param_name": "customer_name", "example": "Alex" },
          { "param_name": "amount", "example": "$42.00" }
        ]
      }
    },
    {
      "type": "FOOTER",
      "text": "Reply STOP to opt out"
    },
    {
      "type": "BUTTONS",
      "buttons": [
        { "type": "QUICK_REPLY", "text": "Need help" },
        {
          "type": "URL",
          "text": "Track order",
          "url": "https://example.com/track?id={{1}}",
          "example": ["https://example.com/track?id=ORDER-123"]
        }
      ]
    }
  ]
})json";

// spec/assets/template-utility-order-status-update.json
inline constexpr std::string_view kTemplateUtilityOrderStatusUpdate = R"json({
  "name": "order_status_update",
  "language": "en_US",
  "category": "UTILITY",
  "parameter_format": "NAMED",
  "components": [
    {
      "type": "HEADER",
      "format": "TEXT",
      "text": "Order {{order_id}} update",
      "example": {
        "header_text_named_params": [
          { "param_name": "order_id", "example": "ORDER-123" }
        ]
      }
    },
    {
      "type": "BODY",
      "text": "Hi {{customer_name}}, your order is {{status}}. {{details}}",
      "example": {
        "body_text_named_params": [
          { "param_name": "customer_name", "example": "Alex" },
          { "param_name": "status", "example": "shipped" },
          { "param_name": "details", "example": "Expected delivery: Jan 25" }
        ]
      }
    },
    {
      "type": "FOOTER",
      "text": "Reply STOP to opt out"
    },
    {
      "type": "BUTTONS",
      "buttons": [
        {
          "type": "URL",
          "text": "Track order",
          "url": "https://example.com/orders/{{1}}",
          "example": ["https://example.com/orders/ORDER-123"]
        }
      ]
    }
  ]
})json";

// spec/assets/send-template-order-status-update.json
inline constexpr std::string_view kSendTemplateOrderStatusUpdate = R"json({
  "messaging_product": "whatsapp",
  "to": "15551234567",
  "type": "template",
  "template": {
    "name": "order_status_update",
    "language": { "code": "en_US" },
    "components": [
      {
        "type": "header",
        "parameters": [
          { "type": "text", "parameter_name": "order_id", "text": "ORDER-123" }
        ]
      },
      {
        "type": "body",
        "parameters": [
          { "type": "text", "parameter_name": "customer_name", "text": "Alex" },
          { "type": "text", "parameter_name": "status", "text": "shipped" },
          { "type": "text", "parameter_name": "details", "text": "Expected delivery: Jan 25" }
        ]
      },
      {
        "type": "button",
        "sub_type": "url",
        "index": "0",
        "parameters": [{ "type": "text", "text": "ORDER-123" }]
      }
    ]
  }
})json";

}  // namespace wharf::domain::testing
