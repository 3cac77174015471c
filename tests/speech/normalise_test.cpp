// The read-aloud's text normaliser: what espeak-ng is given for the texts of exam questions.
#include "content/speech/normalise.hpp"
#include "content/speech/pronunciation.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace sk::speech;

namespace {
std::string cmn(const std::string& s) { return normalise(s, Dialect::Mandarin, &PronunciationList::builtin()).spoken; }
std::string yue(const std::string& s) { return normalise(s, Dialect::Cantonese, &PronunciationList::builtin()).spoken; }
} // namespace

TEST_CASE("numbers are read as Chinese numerals with 零 where a digit is missing")
{
    CHECK(chinese_cardinal("0") == "零");
    CHECK(chinese_cardinal("10") == "十");
    CHECK(chinese_cardinal("15") == "十五");
    CHECK(chinese_cardinal("20") == "二十");
    CHECK(chinese_cardinal("105") == "一百零五");
    CHECK(chinese_cardinal("110") == "一百一十");
    CHECK(chinese_cardinal("1005") == "一千零五");
    CHECK(chinese_cardinal("2024") == "二千零二十四");
    CHECK(chinese_cardinal("10000") == "一万");
    CHECK(chinese_cardinal("100005") == "十万零五");
    CHECK(chinese_cardinal("50000") == "五万");
    CHECK(chinese_cardinal("10500") == "一万零五百");
    CHECK(chinese_cardinal("120000000") == "一亿二千万");
    CHECK(chinese_cardinal("100010000") == "一亿零一万");
    CHECK(chinese_cardinal("007") == "七");
    // More than 12 digits: digit by digit, never an overflow.
    CHECK(chinese_cardinal("1234567890123") == "一二三四五六七八九零一二三");
    CHECK(chinese_digits("119", true) == "幺幺九");
}

TEST_CASE("decimals, percentages, years and units are read as a person reads them")
{
    CHECK(cmn("高度3.5米") == "高度三点五米");
    CHECK(cmn("不低于80%") == "不低于百分之八十");
    CHECK(cmn("0.5%") == "百分之零点五");
    CHECK(cmn("19.5%～21%") == "百分之十九点五至百分之二十一");
    CHECK(cmn("2024年") == "二零二四年");
    CHECK(cmn("2021年9月1日起") == "二零二一年九月一日起");
    CHECK(cmn("（2021修正）") == "（二零二一修正）");
    CHECK(cmn("5m以上") == "五米以上");
    CHECK(cmn("1.2m") == "一点二米");
    CHECK(cmn("1kV以下") == "一千伏以下");
    CHECK(cmn("36V") == "三十六伏");
    CHECK(cmn("30mA") == "三十毫安");
    CHECK(cmn("0.5MΩ") == "零点五兆欧");
    CHECK(cmn("4Ω") == "四欧");
    CHECK(cmn("85dB(A)") == "八十五分贝A");
    CHECK(cmn("15MPa") == "十五兆帕");
    CHECK(cmn("25mm²") == "二十五平方毫米");
    CHECK(cmn("10.8～13.8m/s") == "十点八至十三点八米每秒");
    CHECK(cmn("1500r/min") == "一千五百转每分");
    CHECK(cmn("1度电即1kW·h") == "一度电即一千瓦时");
    CHECK(cmn("-34℃") == "零下三十四摄氏度");
    CHECK(cmn("40℃以上") == "四十摄氏度以上");
    CHECK(cmn("75°±5°") == "七十五度正负五度");
    CHECK(cmn("5～6cm") == "五至六厘米");
    CHECK(cmn("60-500V") == "六十至五百伏");
    CHECK(cmn("100～120次/分") == "一百至一百二十次每分");
    CHECK(cmn("1/3") == "三分之一");
    CHECK(cmn("1/√3") == "根号三分之一");
    CHECK(cmn("09:20") == "九时二十分");
    CHECK(cmn("08:00") == "八时");
    CHECK(cmn("14:05") == "十四时零五分");
    CHECK(cmn("比例为30:2") == "比例为三十比二");
    CHECK(cmn("（1:29:300）") == "（一比二十九比三百）");
    CHECK(cmn("2次") == "两次");
    CHECK(cmn("2m") == "两米");
    CHECK(cmn("2") == "二");
    CHECK(cmn("2月2日") == "二月二日");
    CHECK(yue("2次") == "二次");
    CHECK(cmn("3.5 米") == "三点五 米");
    // Full-width digits and signs are numbers too.
    CHECK(cmn("８０％") == "百分之八十");
}

TEST_CASE("emergency numbers are read digit by digit, counts are not")
{
    CHECK(cmn("发现火情拨打119。") == "发现火情拨打幺幺九。");
    CHECK(cmn("120是医疗急救电话") == "幺二零是医疗急救电话");
    CHECK(yue("拨打119") == "拨打一一九");
    CHECK(cmn("每分钟100～120次") == "每分钟一百至一百二十次");
    CHECK(cmn("110V") == "一百一十伏");
    CHECK(cmn("第119条") == "第一百一十九条");
}

TEST_CASE("standard codes are spelt and read digit by digit")
{
    CHECK(cmn("GB 50194") == "G B五零一九四");
    CHECK(cmn("《建设工程施工现场供用电安全规范》GB 50194—2014规定") ==
          "《建设工程施工现场供用电安全规范》G B五零一九四杠二零一四规定");
    CHECK(cmn("GB/T 3608") == "G B T三六零八");
    CHECK(cmn("JGJ46") == "J G J四六");
    CHECK(cmn("AQ 3025-2008") == "A Q三零二五杠二零零八");
    CHECK(cmn("GB 3608.1") == "G B三六零八点一");
}

TEST_CASE("formulas are named when known and spelt otherwise")
{
    CHECK(cmn("CO2气体") == "二氧化碳气体");
    CHECK(cmn("CO中毒") == "一氧化碳zhong4毒");
    CHECK(cmn("H2S") == "硫化氢");
    CHECK(cmn("C4H10") == "C四H十");
    // Capitals that are not a formula are spelt.
    CHECK(cmn("PE线") == "P E线");
    CHECK(cmn("TN-S系统") == "T N S系统");
    CHECK(cmn("L1") == "L一");
    CHECK(cmn("（ ）mg/m³") == "括号毫克每立方米");
    CHECK(cmn("1千伏（kV）") == "一千伏（千伏）");
}

TEST_CASE("option letters, blanks and symbols")
{
    CHECK(cmn("A.正确") == "A、正确");
    CHECK(cmn("B． 错误") == "B、错误");
    CHECK(cmn("A、正确") == "A、正确");
    CHECK(cmn("应当在（  ）内报告") == "应当在括号内报告");
    CHECK(cmn("应当在()内报告") == "应当在括号内报告");
    CHECK(cmn("电压≥36V") == "电压大于等于三十六伏");
    CHECK(cmn("Ⅱ类") == "二类");
    CHECK(cmn("I=U/R") == "I等于U除以R");
    CHECK(cmn("绿/黄双色") == "绿、黄双色");
}

TEST_CASE("polyphonic words get their reading from the pronunciation list")
{
    CHECK(cmn("发生着火时") == "发生zhao2火时");
    CHECK(cmn("重新调试后处理") == "chong2新tiao2试后chu3理");
    CHECK(cmn("不得还原") == "不de2 huan2原");
    // Cantonese has its own rows, no pinyin.
    CHECK(yue("调试") == "条试");
    CHECK(yue("處理") == "處理");
    // No list: the text is left as it is.
    CHECK(normalise("着火", Dialect::Mandarin, nullptr).spoken == "着火");
}

TEST_CASE("every spoken character knows the source characters it reads")
{
    const std::string text = "高度3.5米着火";
    const Normalised n = normalise(text, Dialect::Mandarin, &PronunciationList::builtin());
    REQUIRE(n.spoken == "高度三点五米zhao2火");
    // 三点五米 (code points 2-5) read "3.5米" (bytes 6-10).
    const SourceRange num = n.source_of(2, 4);
    CHECK(text.substr(num.begin, num.end - num.begin) == "3.5米");
    // zhao2 reads 着.
    const SourceRange zhao = n.source_of(6, 5);
    CHECK(text.substr(zhao.begin, zhao.end - zhao.begin) == "着");
    CHECK(n.sources.size() == 12);
}

TEST_CASE("hostile text: bad UTF-8, control characters and huge numbers are read safely")
{
    const std::string bad = std::string("正\xFF\xC3确\x01") + '\0' + "A\x80";
    const Normalised n = normalise(bad, Dialect::Mandarin, &PronunciationList::builtin());
    CHECK(n.spoken == "正确  A");
    for (const auto& r : n.sources) CHECK(r.end <= bad.size());
    // A million digits: read one by one, in bounded time and memory (3 bytes a digit).
    const std::string digits(1000000, '7');
    const Normalised big = normalise(digits, Dialect::Mandarin, nullptr);
    CHECK(big.spoken.size() == 3 * digits.size());
    // Lone signs and unfinished patterns.
    CHECK(cmn("-") == "-");
    CHECK(cmn("3.") == "三.");
    CHECK(cmn("12:") == "十二:");
    CHECK(cmn("1/") == "一、");
    CHECK(cmn("GB/") == "G B、");
    CHECK(cmn("（") == "（");
    CHECK(dialect_for_language("zh-HK") == Dialect::Cantonese);
    CHECK(dialect_for_language("zh-CN") == Dialect::Mandarin);
    CHECK(dialect_for_language("en") == Dialect::Mandarin);
}
