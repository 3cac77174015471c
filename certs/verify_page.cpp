#include "certs/verify_page.hpp"

#include "certs/verify_url.hpp"

#include <sodium.h>

#include <algorithm>
#include <stdexcept>

namespace sk::certs {

namespace {

std::string base64(const unsigned char* data, std::size_t size)
{
    std::string out(sodium_base64_encoded_len(size, sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), data, size, sodium_base64_VARIANT_ORIGINAL);
    out.resize(std::char_traits<char>::length(out.c_str()));
    return out;
}

std::string base64(std::string_view s) { return base64(reinterpret_cast<const unsigned char*>(s.data()), s.size()); }

std::vector<std::pair<std::string, std::string>> security_headers()
{
    return {{"Content-Security-Policy", kContentSecurityPolicy},
            {"X-Content-Type-Options", "nosniff"},
            {"Referrer-Policy", "no-referrer"},
            {"X-Frame-Options", "DENY"},
            {"X-Robots-Tag", "noindex, nofollow"},
            {"Cross-Origin-Resource-Policy", "same-origin"},
            {"Permissions-Policy", "camera=(), microphone=(), geolocation=()"}};
}

HttpAnswer answer_of(int status, std::string content_type, std::string body, std::string cache = "no-store")
{
    HttpAnswer a;
    a.status = status;
    a.content_type = std::move(content_type);
    a.body = std::move(body);
    a.headers = security_headers();
    a.headers.emplace_back("Cache-Control", std::move(cache));
    return a;
}

const char* kHtml = "text/html; charset=utf-8";

// Signs drawn as inline SVG (no font needed): a tick in a circle, an exclamation mark in a triangle, a cross.
std::string sign_svg(Tone t)
{
    switch (t) {
    case Tone::Good:
        return R"(<svg class="sign" viewBox="0 0 48 48" aria-hidden="true"><circle cx="24" cy="24" r="21"/>)"
               R"(<path d="M13 25l8 8 15-17"/></svg>)";
    case Tone::Warning:
        return R"(<svg class="sign" viewBox="0 0 48 48" aria-hidden="true"><path d="M24 4L45 42H3z"/>)"
               R"(<path d="M24 17v13M24 35v2"/></svg>)";
    case Tone::Bad:
        return R"(<svg class="sign" viewBox="0 0 48 48" aria-hidden="true"><rect x="4" y="4" width="40" height="40" rx="4"/>)"
               R"(<path d="M15 15l18 18M33 15L15 33"/></svg>)";
    }
    return "";
}

std::string_view tone_class(Tone t) { return t == Tone::Good ? "good" : t == Tone::Warning ? "warn" : "bad"; }

std::string page_head(std::string_view title)
{
    return "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           "<meta name=\"referrer\" content=\"no-referrer\">\n<meta name=\"robots\" content=\"noindex, nofollow\">\n"
           "<title>" +
           html_escape(title) + "</title>\n<link rel=\"stylesheet\" href=\"" + "%STATIC%verify.css\">\n</head>\n";
}

std::string with_static(std::string html, std::string_view prefix)
{
    const std::string marker = "%STATIC%";
    for (auto at = html.find(marker); at != std::string::npos; at = html.find(marker, at))
        html.replace(at, marker.size(), prefix);
    return html;
}

std::string row(std::string_view zh, std::string_view en, const std::string& value)
{
    return "<div class=\"row\"><dt>" + std::string(zh) + "<span class=\"en\">" + std::string(en) + "</span></dt><dd>" +
           html_escape(value) + "</dd></div>\n";
}

std::string check_item(const char* id, Tone t, std::string_view zh, std::string_view en, std::string_view state)
{
    const char* mark = t == Tone::Good ? "✓" : t == Tone::Warning ? "!" : "✗";
    return std::string("<li class=\"check ") + std::string(tone_class(t)) + "\" id=\"" + id + "\" data-state=\"" +
           std::string(state) + "\"><span class=\"mark\" aria-hidden=\"true\">" + mark +
           "</span><span class=\"text\"><span class=\"zh\">" + std::string(zh) + "</span><span class=\"en\">" +
           std::string(en) + "</span></span></li>\n";
}

} // namespace

std::string html_escape(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

std::string mask_id_number(std::string_view id)
{
    if (id.size() == 18) return std::string(id.substr(0, 6)) + std::string(8, '*') + std::string(id.substr(14));
    if (id.size() <= 4) return std::string(id.size(), '*');
    return std::string(id.substr(0, 2)) + std::string(id.size() - 4, '*') + std::string(id.substr(id.size() - 2));
}

std::string masked_number(std::string_view number)
{
    if (number.size() == 19 && number.front() == 'T') return "T" + mask_id_number(number.substr(1));
    return std::string(number);
}

StatusWords status_words(Verdict v)
{
    switch (v) {
    case Verdict::Valid: return {"有效", "Valid", Tone::Good};
    case Verdict::ReviewDue: return {"需复审", "Valid, review due soon", Tone::Warning};
    case Verdict::Overdue: return {"需复审", "Review overdue: not valid until reviewed", Tone::Bad};
    case Verdict::Expired: return {"已过期", "Expired", Tone::Bad};
    case Verdict::Suspended: return {"已暂停", "Suspended", Tone::Bad};
    case Verdict::Revoked: return {"已吊销", "Revoked", Tone::Bad};
    case Verdict::Replaced: return {"已补发", "Replaced: this card is void", Tone::Bad};
    case Verdict::Specimen: return {"样本", "Specimen, not a certificate", Tone::Warning};
    case Verdict::Malformed:
    case Verdict::Forged:
    case Verdict::NotRegistered: break;
    }
    return {"伪造或无效", "Forged or invalid", Tone::Bad};
}

std::string render_page(const PageInput& in)
{
    const Verification& v = in.verification;
    const StatusWords words = status_words(v.verdict);
    const bool invalid = v.verdict == Verdict::Malformed || v.verdict == Verdict::Forged ||
                         v.verdict == Verdict::NotRegistered;
    std::string detail_zh, detail_en;
    const QrFields* f = v.fields ? &*v.fields : nullptr;
    const Certificate* c = in.current ? &*in.current : nullptr;
    switch (v.verdict) {
    case Verdict::Valid:
        detail_zh = "签名真实，登记状态有效。";
        detail_en = "Genuine signature; the registry lists the certificate as valid.";
        break;
    case Verdict::ReviewDue:
        detail_zh = "证书有效，临近复审日期，持证人应按期复审。";
        detail_en = "Valid; the holder's review is due soon.";
        break;
    case Verdict::Overdue:
        detail_zh = "复审日期已过，未复审，本证现不能作为上岗依据。";
        detail_en = "The review date has passed without a review: not valid for work.";
        break;
    case Verdict::Expired:
        detail_zh = "证书有效期已满，本证失效。";
        detail_en = "The certificate has expired.";
        break;
    case Verdict::Suspended:
        detail_zh = "发证机关已暂扣（暂停）本证" + (c && c->state_date ? "（" + iso(*c->state_date) + "起）" : std::string()) +
                    "，暂停期间不能作为上岗依据。";
        detail_en = "Suspended by the issuer: not valid for work while suspended.";
        break;
    case Verdict::Revoked:
        detail_zh = "发证机关已吊销本证" + (c && c->state_date ? "（" + iso(*c->state_date) + "）" : std::string()) + "，本证作废。";
        detail_en = "Revoked by the issuer: this certificate is void.";
        break;
    case Verdict::Replaced:
        detail_zh = "此卡为第" + std::to_string(f ? f->version : 0) + "版，已补发第" + std::to_string(c ? c->version : 0) +
                    "版，此卡作废。";
        detail_en = "This card was replaced by version " + std::to_string(c ? c->version : 0) + "; this card is void.";
        break;
    case Verdict::Specimen:
        detail_zh = "签名真实，但这是演示用样本，不是证书。";
        detail_en = "A genuine specimen for demonstration, not a certificate.";
        break;
    case Verdict::Malformed:
        detail_zh = "二维码内容无法识别，不是本发证机关签发的证书。";
        detail_en = "The code cannot be read: not a certificate of this issuer.";
        break;
    case Verdict::Forged:
        detail_zh = "签名不符：二维码内容被改动或不是本发证机关签发。";
        detail_en = "The signature does not match: the code was altered or not issued here.";
        break;
    case Verdict::NotRegistered:
        detail_zh = "签名真实，但登记系统中没有这张证书，请联系发证机关。";
        detail_en = "Genuine signature, but the registry has no such certificate.";
        break;
    }

    std::string html = page_head(std::string(words.zh) + " · 证书核验");
    html += "<body class=\"" + std::string(tone_class(words.tone)) + "\" data-verdict=\"" +
            std::string(to_string(v.verdict)) + "\">\n<main>\n";
    // The card's own title when it can be read: 特种作业操作证 (T numbers) or the managers' 考核合格证 (M numbers).
    const std::string title = !f || invalid ? "证书核验"
                              : f->number.front() == 'M' ? "安全生产考核合格证核验"
                                                         : "特种作业操作证核验";
    html += "<header><p class=\"issuer\">" + html_escape(in.authority) + "</p><p class=\"title\">" + title +
            "<span class=\"en\">Certificate verification</span></p></header>\n";
    html += "<section class=\"verdict " + std::string(tone_class(words.tone)) + "\" id=\"verdict\">" + sign_svg(words.tone) +
            "<div><h1>" + std::string(words.zh) + "</h1><p class=\"en\">" + std::string(words.en) + "</p></div></section>\n";
    html += "<p class=\"detail\">" + html_escape(detail_zh) + "<span class=\"en\">" + html_escape(detail_en) + "</span></p>\n";

    if (!invalid && f) {
        const Date until = c && v.registry_checked && v.verdict != Verdict::Replaced ? c->valid_until : f->valid_until;
        const auto due = c && v.registry_checked && v.verdict != Verdict::Replaced ? c->review_due : f->review_due;
        html += "<dl class=\"facts\">\n";
        html += row("姓名", "Name", f->name);
        if (f->number.size() == 19 && f->number.front() == 'T')
            html += row("身份证号", "ID number", mask_id_number(std::string_view(f->number).substr(1)));
        html += row("证号", "No.", masked_number(f->number) + "（第" + std::to_string(f->version) + "版）");
        html += row(f->number.front() == 'M' ? "类别" : "操作项目", f->number.front() == 'M' ? "Role" : "Item",
                    f->item);
        html += row("初领日期", "First issued", iso(f->first_issued));
        html += row("有效期至", "Valid until", iso(until));
        if (due) html += row("复审日期", "Review due", iso(*due));
        html += "</dl>\n";
    }

    // The checks and what passed.
    html += "<h2>核验项目<span class=\"en\">Checks</span></h2>\n<ul class=\"checks\">\n";
    if (v.signature_ok)
        html += check_item("check-server", Tone::Good, "签名：服务器核验通过", "Signature: verified by the server", "pass");
    else if (v.verdict == Verdict::Malformed)
        html += check_item("check-server", Tone::Bad, "签名：无法读取", "Signature: unreadable", "fail");
    else
        html += check_item("check-server", Tone::Bad, "签名：服务器核验未通过", "Signature: failed on the server", "fail");
    if (v.registry_checked) {
        const bool live_ok = v.verdict == Verdict::Valid || v.verdict == Verdict::ReviewDue;
        html += check_item("check-registry", live_ok ? Tone::Good : Tone::Bad,
                           "登记状态：" + std::string(words.zh) + "（核验日 " + iso(in.today) + "）",
                           "Registry status: " + std::string(words.en), live_ok ? "pass" : "fail");
    } else {
        html += check_item("check-registry", Tone::Bad, "登记状态：未核验", "Registry status: not checked", "none");
    }
    const auto last_sep = in.payload.rfind('*');
    std::optional<std::vector<unsigned char>> sig;
    if (f && last_sep != std::string::npos) sig = base32_decode(std::string_view(in.payload).substr(last_sep + 1));
    if (sig && sig->size() == 64) {
        const std::string message = in.payload.substr(0, last_sep);
        html += "<li class=\"check warn\" id=\"check-browser\" data-state=\"pending\" data-msg=\"" + base64(message) +
                "\" data-sig=\"" + base64(sig->data(), sig->size()) + "\" data-key=\"" +
                base64(in.key.bytes.data(), in.key.bytes.size()) + "\" data-key-match=\"" +
                (f->key_id == in.key.key_id() ? "1" : "0") + "\" data-server=\"" + (v.signature_ok ? "pass" : "fail") +
                "\"><span class=\"mark\" aria-hidden=\"true\">…</span><span class=\"text\"><span class=\"zh\">"
                "签名：本机浏览器核验中…（需要启用脚本）</span><span class=\"en\">Signature in this browser: checking… "
                "(needs JavaScript)</span></span></li>\n";
    }
    html += "</ul>\n";
    html += "<footer><p>发证机关公钥标识 Issuer key id <code>" + html_escape(in.key.key_id()) +
            "</code> · <a href=\"%STATIC%../key\">公钥 Public key</a></p><p>本页只显示核验所需信息，身份证号已部分隐藏。"
            "<span class=\"en\">This page shows only what a check needs; the ID number is partly hidden.</span></p>"
            "</footer>\n</main>\n<script src=\"%STATIC%verify.js\"></script>\n</body>\n</html>\n";
    return html;
}

const std::string& page_css()
{
    static const std::string css = R"css(*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#eef1f4;color:#1b1f24;font:16px/1.5 "PingFang SC","Hiragino Sans GB","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei","Microsoft YaHei",system-ui,sans-serif}
main{max-width:34rem;margin:0 auto;padding:0 0 1.5rem}
header{background:#15406b;color:#fff;padding:1rem 1.1rem .9rem}
header p{margin:0}
.issuer{font-size:.9rem;opacity:.9}
.title{font-size:1.2rem;font-weight:700;letter-spacing:.05em}
.en{display:block;font-size:.78rem;font-weight:400;letter-spacing:0;opacity:.8}
.verdict{display:flex;align-items:center;gap:1rem;margin:.9rem .9rem .4rem;padding:.8rem 1.1rem;border-radius:.8rem;background:#fff;border:3px solid}
.verdict h1{margin:0;font-size:2.3rem;line-height:1.15;letter-spacing:.08em}
.verdict p{margin:.2rem 0 0}
.sign{flex:none;width:4rem;height:4rem;fill:none;stroke-width:5;stroke-linecap:round;stroke-linejoin:round}
.good .sign{stroke:#0b6b35}.warn .sign{stroke:#8a5800}.bad .sign{stroke:#b3261e}
.verdict.good{border-color:#0b6b35;color:#0b5a2d;background:#eaf7ef}
.verdict.warn{border-color:#b07400;color:#6e4600;background:#fff6e0;border-style:dashed}
.verdict.bad{border-color:#b3261e;color:#8c1d17;background:#fdeceb;border-style:double;border-width:6px}
.detail{margin:.3rem 1rem 1rem;font-size:1rem}
.detail .en{margin-top:.15rem}
.facts{margin:0 .9rem;padding:.3rem 1rem;background:#fff;border-radius:.8rem}
.row{display:flex;justify-content:space-between;align-items:baseline;gap:1rem;padding:.45rem 0;border-bottom:1px solid #e3e7ec}
.row:last-child{border-bottom:0}
dt{color:#56606b;font-size:.92rem;flex:none}
dt .en{display:inline;margin-left:.35rem;font-size:.7rem}
dd{margin:0;text-align:right;font-weight:600;word-break:break-all}
h2{margin:1.2rem 1rem .4rem;font-size:1rem}
h2 .en{display:inline;margin-left:.5rem}
.checks{list-style:none;margin:0 .9rem;padding:.2rem 1rem;background:#fff;border-radius:.8rem}
.check{display:flex;gap:.7rem;align-items:flex-start;padding:.45rem 0;border-bottom:1px solid #e3e7ec}
.check:last-child{border-bottom:0}
.mark{flex:none;width:1.6rem;height:1.6rem;border-radius:50%;text-align:center;font-weight:700;line-height:1.6rem;color:#fff}
.check.good .mark{background:#0b6b35}.check.warn .mark{background:#8a5800}.check.bad .mark{background:#b3261e;border-radius:.2rem}
footer{margin:1.2rem 1rem 0;color:#56606b;font-size:.8rem}
footer p{margin:.4rem 0}
footer a{color:#15406b}
code{font-size:.85rem}
@media (min-width:40rem){main{padding-top:1rem}header{border-radius:.8rem .8rem 0 0}}
)css";
    return css;
}

const std::string& page_js()
{
    static const std::string js = R"js('use strict';
// Checks the certificate's Ed25519 signature again in this browser (WebCrypto) with the issuer's public key that
// the page carries, and says whether it passed; without WebCrypto Ed25519 the server's verdict stands.
(function () {
  var box = document.getElementById('check-browser');
  if (!box) return;
  function bytes(b64) {
    var bin = atob(b64), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  function show(state, zh, en) {
    var tone = state === 'pass' ? 'good' : state === 'fail' ? 'bad' : 'warn';
    box.className = 'check ' + tone;
    box.setAttribute('data-state', state);
    box.querySelector('.mark').textContent = state === 'pass' ? '\u2713' : state === 'fail' ? '\u2717' : '!';
    box.querySelector('.zh').textContent = zh;
    box.querySelector('.en').textContent = en;
    document.body.setAttribute('data-browser-check', state);
  }
  function unsupported(why) {
    show('unsupported', '签名：此浏览器无法核验 Ed25519 签名（' + why + '），以服务器核验结果为准',
         'Signature in this browser: not available (' + why + '); the server\'s verdict stands');
  }
  if (!window.isSecureContext || !window.crypto || !window.crypto.subtle) {
    unsupported('需要 HTTPS 安全连接 / needs HTTPS');
    return;
  }
  if (box.getAttribute('data-key-match') !== '1') {
    show('fail', '签名：密钥标识与发证机关公钥不符（本机浏览器）', 'Signature in this browser: made with another key');
    return;
  }
  var alg = { name: 'Ed25519' };
  crypto.subtle.importKey('raw', bytes(box.getAttribute('data-key')), alg, false, ['verify']).then(function (key) {
    return crypto.subtle.verify(alg, key, bytes(box.getAttribute('data-sig')), bytes(box.getAttribute('data-msg')))
      .then(function (ok) {
        var server = box.getAttribute('data-server') === 'pass';
        if (ok && server) show('pass', '签名：本机浏览器核验通过', 'Signature: verified in this browser too');
        else if (ok) show('pass', '签名：本机浏览器核验通过（与服务器结果不一致，请联系发证机关）', 'Signature: verified in this browser, unlike the server');
        else if (server) show('fail', '签名：本机浏览器核验未通过（与服务器结果不一致，请勿采信本页）', 'Signature: failed in this browser although the server passed it: do not trust this page');
        else show('fail', '签名：本机浏览器核验未通过', 'Signature: failed in this browser too');
      });
  }).catch(function () {
    unsupported('浏览器不支持 WebCrypto Ed25519 / no WebCrypto Ed25519');
  });
})();
)js";
    return js;
}

RateLimiter::RateLimiter(int per_minute, int burst, std::size_t max_clients)
    : per_ms_(per_minute / 60000.0), burst_(std::max(burst, 1)), max_clients_(std::max<std::size_t>(max_clients, 2))
{
}

bool RateLimiter::allow(const std::string& client, std::int64_t now_ms)
{
    if (per_ms_ <= 0) return true;
    std::lock_guard lock(mutex_);
    auto it = buckets_.find(client);
    if (it == buckets_.end()) {
        if (buckets_.size() >= max_clients_) {
            // Forget the idlest half (those whose last request is oldest): memory stays bounded under a flood of
            // addresses, and the clients seen lately keep their counts.
            std::vector<std::int64_t> times;
            times.reserve(buckets_.size());
            for (const auto& [k, b] : buckets_) times.push_back(b.at_ms);
            std::nth_element(times.begin(), times.begin() + static_cast<std::ptrdiff_t>(times.size() / 2), times.end());
            const std::int64_t median = times[times.size() / 2];
            for (auto i = buckets_.begin(); i != buckets_.end();)
                i = i->second.at_ms <= median ? buckets_.erase(i) : std::next(i);
        }
        it = buckets_.emplace(client, Bucket{burst_, now_ms}).first;
    }
    Bucket& b = it->second;
    if (now_ms > b.at_ms) b.tokens = std::min(burst_, b.tokens + static_cast<double>(now_ms - b.at_ms) * per_ms_);
    b.at_ms = std::max(b.at_ms, now_ms);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
}

std::size_t RateLimiter::clients() const
{
    std::lock_guard lock(mutex_);
    return buckets_.size();
}

std::string client_of(std::string_view remote_addr, std::string_view forwarded_for)
{
    const bool loopback = remote_addr.rfind("127.", 0) == 0 || remote_addr == "::1" ||
                          remote_addr.rfind("::ffff:127.", 0) == 0;
    if (!loopback || forwarded_for.empty()) return std::string(remote_addr);
    auto last = forwarded_for.substr(forwarded_for.rfind(',') == std::string_view::npos ? 0 : forwarded_for.rfind(',') + 1);
    while (!last.empty() && last.front() == ' ') last.remove_prefix(1);
    while (!last.empty() && last.back() == ' ') last.remove_suffix(1);
    if (last.empty() || last.size() > 64) return std::string(remote_addr);
    return std::string(last);
}

VerifySite::VerifySite(CertRegistry& registry, PublicKey key, std::string base_path)
    : registry_(registry), key_(key), base_path_(std::move(base_path))
{
    while (!base_path_.empty() && base_path_.back() == '/') base_path_.pop_back();
}

HttpAnswer VerifySite::answer(std::string_view method, std::string_view target)
{
    if (target.size() > kMaxVerifyUrlLength)
        return answer_of(414, "text/plain; charset=utf-8", "414 地址过长 URI too long\n");
    if (method == "OPTIONS") {
        auto a = answer_of(204, "text/plain; charset=utf-8", "");
        a.headers.emplace_back("Allow", "GET, HEAD, OPTIONS");
        return a;
    }
    if (method != "GET" && method != "HEAD") {
        auto a = answer_of(405, "text/plain; charset=utf-8", "405 只读页面 read-only: GET, HEAD, OPTIONS\n");
        a.headers.emplace_back("Allow", "GET, HEAD, OPTIONS");
        return a;
    }
    std::string_view path = target.substr(0, target.find_first_of("?#"));
    if (!base_path_.empty() && path.rfind(base_path_, 0) == 0 &&
        (path.size() == base_path_.size() || path[base_path_.size()] == '/'))
        path.remove_prefix(base_path_.size());
    if (path.empty() || path == "/") {
        std::string html = page_head("证书核验 Certificate verification") +
                           "<body>\n<main>\n<header><p class=\"title\">证书核验<span class=\"en\">Certificate "
                           "verification</span></p></header>\n<p class=\"detail\">请用手机扫描证书上的二维码打开核验页面。"
                           "<span class=\"en\">Scan the QR code on a certificate to open its page.</span></p>\n"
                           "</main>\n</body>\n</html>\n";
        return answer_of(200, kHtml, with_static(html, "static/"), "max-age=300");
    }
    if (path == "/static/verify.css") return answer_of(200, "text/css; charset=utf-8", page_css(), "max-age=3600");
    if (path == "/static/verify.js")
        return answer_of(200, "text/javascript; charset=utf-8", page_js(), "max-age=3600");
    if (path == "/key") return answer_of(200, "text/plain; charset=utf-8", key_.exported() + "\n", "max-age=300");
    if (path.rfind(kVerifyPath, 0) == 0) {
        const std::string_view segment = path.substr(kVerifyPath.size());
        if (!segment.empty() && segment.find('/') == std::string_view::npos) return page(segment);
    }
    return answer_of(404, "text/plain; charset=utf-8", "404 没有这个页面 not found\n");
}

HttpAnswer VerifySite::page(std::string_view segment)
{
    PageInput in;
    in.key = key_;
    const auto payload = url_decode_segment(segment);
    std::lock_guard lock(mutex_);
    in.today = registry_.today();
    in.authority = registry_.policy().authority;
    if (!payload || !parse_payload(*payload)) {
        in.verification.verdict = Verdict::Malformed;
    } else {
        in.payload = *payload;
        in.verification = registry_.verify(*payload, key_);
        if (in.verification.registry_checked && in.verification.fields)
            in.current = registry_.certificate(in.verification.fields->number, in.verification.fields->item_id);
        if (in.current && !in.current->authority.empty()) in.authority = in.current->authority;
    }
    const Verdict v = in.verification.verdict;
    const int status = v == Verdict::Malformed ? 400 : v == Verdict::Forged || v == Verdict::NotRegistered ? 404 : 200;
    // The page sits at <base>/v/<payload>: its style, script and key are one level up.
    return answer_of(status, kHtml, with_static(render_page(in), "../static/"));
}

} // namespace sk::certs
