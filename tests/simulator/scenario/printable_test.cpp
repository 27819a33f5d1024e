#include "simulator/scenario/printable.h"

#include <gtest/gtest.h>
#include <string>

namespace evsim {
namespace {

TEST(Printable, LeavesOrdinaryTextOfAnyScriptUnchanged) {
    for (const std::string text :
         {"orders.eu-west.q01234", "déjà vu", "заказы", "注文キュー", "طلبات", "emoji 🚀👍🏽",
          "back\\slash", "tilde ~ and space"}) {
        EXPECT_EQ(printable(text), text);
    }
}

TEST(Printable, EscapesC0ControlsAndDel) {
    EXPECT_EQ(printable("a\tb\nc\rd"), "a\\tb\\nc\\rd");
    EXPECT_EQ(printable(std::string("nul\0!", 5)), "nul\\x00!");
    EXPECT_EQ(printable("bell\x07 del\x7f"), "bell\\x07 del\\x7f");
}

TEST(Printable, TakesTheEscapeOutOfEscapeSequences) {
    EXPECT_EQ(printable("\x1b[31mred\x1b[0m"), "\\x1b[31mred\\x1b[0m");
    EXPECT_EQ(printable("\x1b]0;title\x07"), "\\x1b]0;title\\x07");
}

TEST(Printable, EscapesC1Controls) {
    EXPECT_EQ(printable("next\xc2\x85line"), "next\\u0085line");
    EXPECT_EQ(printable("csi\xc2\x9b"
                        "31m"),
              "csi\\u009b31m");
    EXPECT_EQ(printable("\xc2\xa0"), "\xc2\xa0"); // U+00A0, the first code point after C1
}

TEST(Printable, EscapesBidirectionalControls) {
    EXPECT_EQ(printable("invoice\u202Efdp.exe"), "invoice\\u202efdp.exe");
    EXPECT_EQ(printable("\u061C\u200E\u200F\u202A\u202B\u202C\u202D"),
              "\\u061c\\u200e\\u200f\\u202a\\u202b\\u202c\\u202d");
    EXPECT_EQ(printable("\u2066\u2067\u2068\u2069"), "\\u2066\\u2067\\u2068\\u2069");
    EXPECT_EQ(printable("\u2065\u206A\u2029"), "\u2065\u206A\u2029"); // neighbours stay
}

TEST(Printable, EscapesEveryByteThatIsNotUtf8) {
    EXPECT_EQ(printable("caf\xe9"), "caf\\xe9");                      // Latin-1, not UTF-8
    EXPECT_EQ(printable("\x80\xbf"), "\\x80\\xbf");                   // stray continuations
    EXPECT_EQ(printable("\xc0\xaf"), "\\xc0\\xaf");                   // overlong "/"
    EXPECT_EQ(printable("\xe0\x80\xaf"), "\\xe0\\x80\\xaf");          // overlong, three bytes
    EXPECT_EQ(printable("\xed\xa0\x80"), "\\xed\\xa0\\x80");          // a surrogate
    EXPECT_EQ(printable("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80"); // above U+10FFFF
    EXPECT_EQ(printable("\xff\xfe"), "\\xff\\xfe");
    EXPECT_EQ(printable("cut \xe2\x82"), "cut \\xe2\\x82"); // a sequence cut short
    EXPECT_EQ(printable("\xe2\x82\xac\xe2"), "€\\xe2");
}

TEST(Printable, IsIdempotent) {
    const std::string hostile = "\x1b[2J\u202E\xff\xc2\x85\t€";
    EXPECT_EQ(printable(printable(hostile)), printable(hostile));
}

TEST(Shortened, LeavesTextThatFitsUnchanged) {
    EXPECT_EQ(shortened("orders", 6), "orders");
    EXPECT_EQ(shortened("", 0), "");
    EXPECT_EQ(shortened("заказы", 6), "заказы"); // six characters, twelve bytes
}

TEST(Shortened, CutsTheMiddleToTheGivenNumberOfCharacters) {
    EXPECT_EQ(shortened("abcdefghij", 5), "ab…ij");
    EXPECT_EQ(shortened("abcdefghij", 6), "abc…ij");
    EXPECT_EQ(shortened("abcdefghij", 1), "…");
    EXPECT_EQ(shortened("abcdefghij", 0), "");
}

TEST(Shortened, CutsBetweenCodePoints) {
    EXPECT_EQ(shortened("注文キューの名前", 5), "注文…名前");
    EXPECT_EQ(shortened("🚀🚀🚀🚀🚀🚀", 3), "🚀…🚀");
    EXPECT_EQ(shortened("ééééé", 4), "éé…é");
}

} // namespace
} // namespace evsim
