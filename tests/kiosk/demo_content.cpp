#include "tests/kiosk/demo_content.hpp"

#include "content/storage/content_store.hpp"
#include "content/storage/visit_store.hpp"

#include <stb_image_write.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

namespace sk::test {

using content::Exhibit;
using content::Question;
using content::QuestionType;

namespace {

Question quiz(const std::string& uid, QuestionType type, std::string stem, std::vector<std::string> options,
              std::string answer, std::string explanation)
{
    Question q;
    q.uid = uid;
    q.type = type;
    q.stem = std::move(stem);
    q.options = type == QuestionType::TrueFalse ? content::true_false_options() : std::move(options);
    q.answer = std::move(answer);
    q.explanation = std::move(explanation);
    return q;
}

using Rgb = std::array<float, 3>;

// A little RGB canvas for the generated pictures.
struct Canvas {
    int w, h;
    std::vector<float> px; // r, g, b in 0..1
    Canvas(int width, int height) : w(width), h(height), px(static_cast<std::size_t>(width) * height * 3, 0.0f) {}

    void blend(int x, int y, const Rgb& c, float a)
    {
        if (x < 0 || y < 0 || x >= w || y >= h || a <= 0) return;
        float* p = &px[(static_cast<std::size_t>(y) * w + x) * 3];
        for (int k = 0; k < 3; ++k) p[k] = p[k] * (1 - a) + c[k] * a;
    }
    void gradient(const Rgb& top, const Rgb& bottom, int y0, int y1)
    {
        for (int y = std::max(0, y0); y < std::min(h, y1); ++y) {
            const float t = float(y - y0) / std::max(1, y1 - y0);
            const Rgb c = {top[0] + (bottom[0] - top[0]) * t, top[1] + (bottom[1] - top[1]) * t,
                                top[2] + (bottom[2] - top[2]) * t};
            for (int x = 0; x < w; ++x) blend(x, y, c, 1);
        }
    }
    void rect(float x0, float y0, float x1, float y1, const Rgb& c, float a = 1)
    {
        for (int y = int(y0); y < int(y1); ++y)
            for (int x = int(x0); x < int(x1); ++x) blend(x, y, c, a);
    }
    void disc(float cx, float cy, float r, const Rgb& c, float a = 1)
    {
        for (int y = int(cy - r - 1); y <= int(cy + r + 1); ++y)
            for (int x = int(cx - r - 1); x <= int(cx + r + 1); ++x) {
                const float d = std::hypot(x - cx, y - cy);
                blend(x, y, c, a * std::clamp(r - d + 0.5f, 0.0f, 1.0f));
            }
    }
    void glow(float cx, float cy, float r, const Rgb& c, float a)
    {
        for (int y = int(cy - r); y <= int(cy + r); ++y)
            for (int x = int(cx - r); x <= int(cx + r); ++x) {
                const float d = std::hypot(x - cx, y - cy) / r;
                if (d < 1) blend(x, y, c, a * (1 - d) * (1 - d));
            }
    }
    void line(float x0, float y0, float x1, float y1, float thick, const Rgb& c)
    {
        const float len = std::hypot(x1 - x0, y1 - y0);
        const int steps = std::max(1, int(len));
        for (int i = 0; i <= steps; ++i) {
            const float t = float(i) / steps;
            disc(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, thick / 2, c);
        }
    }
    void triangle(float ax, float ay, float bx, float by, float cx, float cy, const Rgb& c)
    {
        const float minx = std::min({ax, bx, cx}), maxx = std::max({ax, bx, cx});
        const float miny = std::min({ay, by, cy}), maxy = std::max({ay, by, cy});
        const auto edge = [](float x0, float y0, float x1, float y1, float x, float y) {
            return (x1 - x0) * (y - y0) - (y1 - y0) * (x - x0);
        };
        for (int y = int(miny); y <= int(maxy); ++y)
            for (int x = int(minx); x <= int(maxx); ++x) {
                const float px0 = x + 0.5f, py0 = y + 0.5f;
                const float e0 = edge(ax, ay, bx, by, px0, py0), e1 = edge(bx, by, cx, cy, px0, py0),
                            e2 = edge(cx, cy, ax, ay, px0, py0);
                if ((e0 >= 0 && e1 >= 0 && e2 >= 0) || (e0 <= 0 && e1 <= 0 && e2 <= 0)) blend(x, y, c, 1);
            }
    }
    std::vector<unsigned char> png() const
    {
        std::vector<unsigned char> rgb(px.size());
        for (std::size_t i = 0; i < px.size(); ++i)
            rgb[i] = static_cast<unsigned char>(std::clamp(px[i], 0.0f, 1.0f) * 255.0f + 0.5f);
        std::vector<unsigned char> out;
        stbi_write_png_to_func(
            [](void* ctx, void* data, int size) {
                auto* v = static_cast<std::vector<unsigned char>*>(ctx);
                v->insert(v->end(), static_cast<unsigned char*>(data), static_cast<unsigned char*>(data) + size);
            },
            &out, w, h, 3, rgb.data(), w * 3);
        if (out.empty()) throw std::runtime_error("PNG encoding failed");
        return out;
    }
};

constexpr float rgb(int v) { return v / 255.0f; }
#define C(r, g, b) (Rgb{rgb(r), rgb(g), rgb(b)})

void tank_fire(Canvas& c)
{
    const float W = c.w, H = c.h;
    c.gradient(C(20, 22, 40), C(120, 50, 30), 0, int(H * 0.72f));
    c.gradient(C(40, 38, 36), C(22, 22, 22), int(H * 0.72f), c.h);
    const float tanks[][3] = {{0.16f, 0.30f, 0.16f}, {0.50f, 0.26f, 0.20f}, {0.83f, 0.32f, 0.14f}};
    for (const auto& t : tanks) {
        const float cx = W * t[0], top = H * t[1] + H * 0.15f, r = W * t[2] / 2;
        c.rect(cx - r, top, cx + r, H * 0.78f, C(120, 128, 138));
        c.rect(cx - r, top, cx - r + r * 0.25f, H * 0.78f, C(150, 158, 168));
        for (int k = 1; k < 4; ++k) c.rect(cx - r, top + k * (H * 0.78f - top) / 4, cx + r, top + k * (H * 0.78f - top) / 4 + 3, C(90, 96, 104));
    }
    c.rect(0, H * 0.78f, W, H * 0.80f, C(70, 70, 70));
    // Flames and smoke over the middle tank.
    for (int i = 0; i < 40; ++i) {
        const float a = i * 2.399f;
        const float r = W * 0.02f + (i % 7) * W * 0.008f;
        c.disc(W * 0.5f + std::cos(a) * W * 0.08f * (i / 40.0f), H * 0.36f - (i % 9) * H * 0.025f, r * 1.6f,
               C(90, 86, 84), 0.35f);
    }
    c.glow(W * 0.5f, H * 0.42f, W * 0.30f, C(255, 140, 40), 0.7f);
    for (int i = 0; i < 30; ++i) {
        const float a = i * 1.7f;
        const float y = H * 0.40f - (i % 6) * H * 0.03f;
        c.disc(W * 0.5f + std::sin(a) * W * 0.07f, y, W * 0.03f, i % 2 ? C(255, 200, 60) : C(240, 90, 30), 0.8f);
    }
    c.glow(W * 0.5f, H * 0.40f, W * 0.10f, C(255, 240, 180), 0.9f);
}

void scaffold(Canvas& c)
{
    const float W = c.w, H = c.h;
    c.gradient(C(120, 180, 225), C(220, 236, 248), 0, int(H * 0.8f));
    c.gradient(C(150, 120, 90), C(110, 88, 66), int(H * 0.8f), c.h);
    c.rect(W * 0.18f, H * 0.12f, W * 0.58f, H * 0.8f, C(170, 170, 165));
    for (int f = 0; f < 7; ++f)
        for (int k = 0; k < 4; ++k)
            c.rect(W * (0.21f + k * 0.09f), H * (0.16f + f * 0.09f), W * (0.27f + k * 0.09f), H * (0.21f + f * 0.09f),
                   C(90, 110, 130));
    // Standing scaffold at the left, collapsed at the right.
    for (int i = 0; i < 6; ++i) c.line(W * (0.14f), H * (0.14f + i * 0.11f), W * 0.18f, H * (0.14f + i * 0.11f), 5, C(230, 160, 40));
    c.line(W * 0.14f, H * 0.12f, W * 0.14f, H * 0.8f, 7, C(230, 160, 40));
    for (int i = 0; i < 5; ++i) {
        const float x = W * (0.60f + i * 0.07f);
        c.line(x, H * 0.8f, x + W * 0.18f, H * (0.45f + i * 0.05f), 7, C(230, 160, 40));
    }
    for (int i = 0; i < 6; ++i) c.line(W * 0.6f, H * (0.78f - i * 0.02f), W * 0.97f, H * (0.80f - i * 0.06f), 5, C(210, 140, 30));
    for (int i = 0; i < 12; ++i) c.rect(W * (0.62f + (i % 6) * 0.05f), H * (0.83f + (i / 6) * 0.04f), W * (0.66f + (i % 6) * 0.05f), H * (0.86f + (i / 6) * 0.04f), C(190, 190, 185));
    c.line(W * 0.82f, H * 0.05f, W * 0.82f, H * 0.8f, 10, C(240, 190, 30));
    c.line(W * 0.55f, H * 0.07f, W * 0.98f, H * 0.07f, 8, C(240, 190, 30));
}

void market_fire(Canvas& c)
{
    const float W = c.w, H = c.h;
    c.gradient(C(40, 30, 28), C(70, 50, 40), 0, int(H * 0.75f));
    c.gradient(C(60, 56, 52), C(35, 32, 30), int(H * 0.75f), c.h);
    for (int s = 0; s < 3; ++s) {
        const float x = W * (0.05f + s * 0.32f);
        c.rect(x, H * 0.2f, x + W * 0.26f, H * 0.75f, C(80, 70, 62));
        for (int r = 0; r < 4; ++r)
            for (int b = 0; b < 3; ++b)
                c.rect(x + W * (0.01f + b * 0.085f), H * (0.24f + r * 0.13f), x + W * (0.08f + b * 0.085f),
                       H * (0.34f + r * 0.13f), C(196, 160, 110));
    }
    // An overloaded extension cord, sparks and flames at it.
    c.line(W * 0.0f, H * 0.86f, W * 0.45f, H * 0.84f, 6, C(20, 20, 20));
    c.rect(W * 0.45f, H * 0.82f, W * 0.56f, H * 0.87f, C(230, 230, 225));
    c.glow(W * 0.52f, H * 0.72f, W * 0.28f, C(255, 120, 30), 0.75f);
    for (int i = 0; i < 26; ++i) {
        const float a = i * 2.1f;
        c.disc(W * 0.52f + std::sin(a) * W * 0.09f, H * (0.74f - (i % 8) * 0.05f), W * 0.028f,
               i % 3 ? C(255, 170, 40) : C(250, 230, 120), 0.75f);
    }
    for (int i = 0; i < 20; ++i) c.disc(W * (0.4f + i * 0.013f), H * (0.2f - (i % 4) * 0.03f), W * 0.05f, C(60, 60, 64), 0.3f);
}

void warning_sign(Canvas& c)
{
    const float W = c.w, H = c.h;
    c.gradient(C(235, 238, 242), C(200, 206, 214), 0, c.h);
    const float cx = W / 2, top = H * 0.12f, bottom = H * 0.86f, half = (bottom - top) * 0.62f;
    c.triangle(cx, top - 18, cx - half - 22, bottom + 12, cx + half + 22, bottom + 12, C(20, 20, 20));
    c.triangle(cx, top + 14, cx - half, bottom - 4, cx + half, bottom - 4, C(255, 196, 41));
    c.rect(cx - W * 0.022f, H * 0.36f, cx + W * 0.022f, H * 0.66f, C(20, 20, 20));
    c.disc(cx, H * 0.74f, W * 0.028f, C(20, 20, 20));
}

#undef C

} // namespace

std::vector<unsigned char> demo_picture(int scene, int w, int h)
{
    Canvas c(w, h);
    switch (scene) {
    case 0: tank_fire(c); break;
    case 1: scaffold(c); break;
    case 2: market_fire(c); break;
    default: warning_sign(c); break;
    }
    return c.png();
}

std::vector<Exhibit> demo_exhibits()
{
    std::vector<Exhibit> out;
    {
        Exhibit e;
        e.uid = "chem-2022-tank";
        e.title = "某化工公司储罐区动火作业爆炸事故";
        e.industry = "危险化学品";
        e.date = "2022-08-16";
        e.place = "某市化工园区某化工公司储罐区";
        e.deaths = 3;
        e.injuries = 5;
        e.summary = "检修人员在未清洗置换、未检测可燃气体的情况下，切割一台停用甲苯储罐的进料管线，罐内残留的可燃"
                    "蒸气遇明火发生爆炸，并引发储罐区火灾。";
        e.timeline = {{"08:10", "维修班组进入储罐区，准备拆除停用储罐的进料管线。"},
                      {"08:35", "班组长口头同意动火，未办理动火作业许可证。"},
                      {"08:50", "作业人员使用气割切割管线，火花进入管内。"},
                      {"08:52", "罐内可燃蒸气爆炸，罐顶被掀开，火势蔓延至相邻防火堤。"},
                      {"11:20", "消防救援力量扑灭明火，事故造成 3 人死亡、5 人受伤。"}};
        e.direct_causes = {"储罐及管线未经清洗、置换，罐内残存甲苯蒸气与空气形成爆炸性混合物。",
                           "动火前未检测可燃气体浓度，切割产生的明火引爆了罐内混合气体。"};
        e.underlying_causes = {"企业动火作业管理制度流于形式，作业许可由班组长口头代替。",
                               "安全管理人员未到现场确认安全措施，监护人未履行监护职责。",
                               "员工安全培训不到位，作业人员不了解动火作业的危险性。"};
        e.violations = {{"违章指挥", "班组长在未办理动火作业许可证的情况下，口头安排人员动火。"},
                        {"违章作业", "作业人员未进行气体检测，在未隔离的管线上直接气割。"},
                        {"违反劳动纪律", "监护人在作业期间离开现场接听电话。"}};
        e.lessons = {"动火作业必须“先检测、后作业”，检测不合格绝不动火。",
                     "特殊作业许可不能口头代替，审批人必须到现场确认安全措施。",
                     "与储罐相连的管线必须加盲板隔离，并彻底清洗置换。"};
        e.do_instead = {"动火前办理动火作业许可证，落实隔离、清洗、置换和检测措施。",
                        "作业中连续监测可燃气体浓度，超标立即停止作业。",
                        "监护人全程在场，发现异常立即叫停作业。"};
        e.images = {{"images/chem-2022-tank-scene.png", "事故现场示意：爆炸后的储罐区（插画）"},
                    {"images/sign-warning.png", "动火作业前必须检测可燃气体浓度"}};
        e.quiz = {quiz("chem-2022-tank-q1", QuestionType::TrueFalse, "动火作业前，只要班组长口头同意就可以开始作业。", {},
                       "B", "动火作业必须办理动火作业许可证，审批人到现场确认安全措施后方可作业，口头同意不能代替书面许可。"),
                  quiz("chem-2022-tank-q2", QuestionType::Single, "对与储罐相连的管线动火前，下列做法正确的是（  ）。",
                       {"直接切割，尽快完成", "清洗置换并加盲板隔离，检测合格后作业", "打开罐顶人孔通风即可",
                        "用水冲洗管线外表面"},
                       "B", "管线必须清洗、置换并用盲板与储罐隔离，可燃气体检测合格后才能动火。"),
                  quiz("chem-2022-tank-q3", QuestionType::Multiple, "本起事故中存在哪些违章行为？（  ）",
                       {"未办理动火作业许可证", "未检测可燃气体浓度", "监护人离开作业现场", "作业人员穿戴了防护服"}, "ABC",
                       "穿戴防护服是正确做法；其余三项都是导致事故的违章行为。")};
        out.push_back(std::move(e));
    }
    {
        Exhibit e;
        e.uid = "build-2023-scaffold";
        e.title = "某住宅项目外脚手架坍塌事故";
        e.industry = "建筑施工";
        e.date = "2023-04-11";
        e.place = "某市某区住宅项目 6 号楼";
        e.deaths = 2;
        e.injuries = 1;
        e.summary = "施工单位在外脚手架连墙件被提前拆除后，仍在架体作业层集中堆放砌块，架体失稳整体坍塌，3 名作业人员随"
                    "架体坠落。";
        e.timeline = {{"07:30", "作业人员在 6 号楼外脚手架上开始外墙作业。"},
                      {"09:00", "为方便外墙施工，部分连墙件被提前拆除。"},
                      {"10:15", "塔吊将两托砌块吊放至脚手架作业层。"},
                      {"10:40", "脚手架向外倾斜并整体坍塌。"},
                      {"10:45", "现场人员报警并组织救援。"}};
        e.direct_causes = {"连墙件被违规提前拆除，架体失去可靠拉结。", "作业层集中堆放砌块，荷载远超设计值。"};
        e.underlying_causes = {"脚手架专项施工方案未经审批即实施。", "项目安全员未进行日常巡查，未发现连墙件缺失。",
                               "监理单位未及时制止违规行为。"};
        e.violations = {{"违章指挥", "施工员安排在脚手架作业层上集中堆放砌块。"},
                        {"违章作业", "作业人员擅自拆除连墙件。"},
                        {"违反劳动纪律", "作业人员未按规定系挂安全带。"}};
        e.lessons = {"连墙件必须随架体逐层拆除，严禁先行拆除。", "作业层荷载不得超过设计值，材料随用随运。",
                     "高处作业必须正确系挂安全带。"};
        e.do_instead = {"发现连墙件缺失，立即停止作业并报告。", "拒绝在超载的脚手架上作业。",
                        "上架前检查安全带、安全网是否完好。"};
        e.images = {{"images/build-2023-scaffold-scene.png", "事故现场示意：坍塌的外脚手架（插画）"}};
        e.quiz = {quiz("build-2023-scaffold-q1", QuestionType::Single, "脚手架的连墙件应当在什么时候拆除？（  ）",
                       {"施工开始前", "随架体逐层拆除，严禁先行拆除", "任何时候都可以", "外墙施工需要时"}, "B",
                       "连墙件是脚手架稳定的关键，必须随架体逐层拆除，严禁先将整层或数层连墙件拆除后再拆架体。"),
                  quiz("build-2023-scaffold-q2", QuestionType::TrueFalse, "可以在脚手架作业层上集中堆放大量建筑材料。", {},
                       "B", "作业层荷载不得超过设计值，材料应随用随运，严禁集中堆放。")};
        out.push_back(std::move(e));
    }
    {
        Exhibit e;
        e.uid = "fire-2021-market";
        e.title = "某农贸市场电气线路火灾事故";
        e.industry = "火灾";
        e.date = "2021-12-03";
        e.place = "某县农贸市场二楼仓储区";
        e.deaths = 1;
        e.injuries = 4;
        e.summary = "商户私拉电线为电动三轮车充电，线路长期超负荷运行，绝缘层老化短路起火，火势沿堆放的纸箱迅速蔓延。";
        e.timeline = {{"22:40", "商户离开前将电动三轮车接入临时拖线板充电。"},
                      {"次日 02:15", "拖线板附近线路短路打火，引燃周边纸箱。"},
                      {"02:25", "值班人员发现烟雾，但消防通道被货物堵塞。"},
                      {"03:30", "消防队扑灭火灾，事故造成 1 人死亡、4 人受伤。"}};
        e.direct_causes = {"私拉乱接的临时线路超负荷运行，绝缘层老化短路，引燃周边可燃物。"};
        e.underlying_causes = {"市场管理方对私拉电线、室内充电等行为检查不力。", "仓储区大量堆放可燃物，消防通道被占用。",
                               "消防控制室值班人员未经培训。"};
        e.violations = {{"违章作业", "商户私拉电线，并在室内为电动车充电。"},
                        {"违反劳动纪律", "值班人员夜间脱岗，未按时巡查。"}};
        e.lessons = {"电动车应在集中充电场所充电，严禁在室内充电。", "消防通道必须保持畅通，严禁堆放货物。"};
        e.do_instead = {"发现私拉电线及时报告，由电工拆除。", "发现火情立即报警，并用灭火器扑救初起火灾。"};
        e.images = {{"images/fire-2021-market-scene.png", "事故现场示意：起火的仓储区（插画）"}};
        e.quiz = {quiz("fire-2021-market-q1", QuestionType::Single, "电动自行车应当在哪里充电？（  ）",
                       {"楼道内", "室内仓库", "集中充电场所", "住宅客厅"}, "C",
                       "电动车应在集中充电场所充电，楼道、仓库和住宅内充电极易引发火灾。")};
        out.push_back(std::move(e));
    }
    return out;
}

void build_demo_database(const std::filesystem::path& path)
{
    auto db = storage::open(path, {&content::schema(), &content::visits_schema()});
    content::ContentStore store(db);
    storage::Transaction tx(db);
    for (const auto& e : demo_exhibits()) {
        auto problems = content::validate(e);
        if (!problems.empty())
            throw std::runtime_error("demo exhibit " + e.uid + ": " + problems.front().field + " " +
                                     problems.front().message);
        store.save_exhibit(e);
    }
    store.put_media("images/chem-2022-tank-scene.png", demo_picture(0, 1200, 800));
    store.put_media("images/build-2023-scaffold-scene.png", demo_picture(1, 1200, 800));
    store.put_media("images/fire-2021-market-scene.png", demo_picture(2, 1200, 800));
    store.put_media("images/sign-warning.png", demo_picture(3, 800, 600));
    tx.commit();
}

} // namespace sk::test
