<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>PeopleStore</name>
    <message numerus="yes">
        <location filename="../core/people/PeopleStore.cpp" line="+279"/>
        <source>Wrong PIN for %1; %n tries left</source>
        <translation>
            <numerusform>Wrong PIN for %1; %n try left</numerusform>
            <numerusform>Wrong PIN for %1; %n tries left</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReconcileReport</name>
    <message numerus="yes">
        <location filename="../core/reconcile/ReconcileReport.cpp" line="+69"/>
        <source>%n difference(s)</source>
        <translation>
            <numerusform>%n difference</numerusform>
            <numerusform>%n differences</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>counterpay::ui::CashierWindow</name>
    <message numerus="yes">
        <location filename="../ui/cashier/CashierWindow.cpp" line="+597"/>
        <source>%n turned out paid.</source>
        <translation>
            <numerusform>%n turned out paid.</numerusform>
            <numerusform>%n turned out paid.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n belong(s) to another Alipay app and were left alone.</source>
        <translation>
            <numerusform>%n belongs to another Alipay app and was left alone.</numerusform>
            <numerusform>%n belong to another Alipay app and were left alone.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>counterpay::ui::DayClosePage</name>
    <message numerus="yes">
        <location filename="../ui/manager/DayClosePage.cpp" line="+163"/>
        <source>%n order(s) created, numbers %1 to %2.</source>
        <translation>
            <numerusform>%n order created, numbers %1 to %2.</numerusform>
            <numerusform>%n orders created, numbers %1 to %2.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>Open. %n order(s) of this day are not settled yet: look at them in Orders before closing.</source>
        <translation>
            <numerusform>Open. %n order of this day is not settled yet: look at it in Orders before closing.</numerusform>
            <numerusform>Open. %n orders of this day are not settled yet: look at them in Orders before closing.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>counterpay::ui::OrderHistoryPage</name>
    <message numerus="yes">
        <location filename="../ui/manager/OrderHistoryPage.cpp" line="+247"/>
        <source>%n order(s) · page %1 of %2</source>
        <translation>
            <numerusform>%n order · page %1 of %2</numerusform>
            <numerusform>%n orders · page %1 of %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>counterpay::ui::TodayOrdersDialog</name>
    <message numerus="yes">
        <location filename="../ui/cashier/TodayOrdersDialog.cpp" line="+91"/>
        <source>%n order(s) today; %1 paid, ¥ %2 received</source>
        <translation>
            <numerusform>%n order today; %1 paid, ¥ %2 received</numerusform>
            <numerusform>%n orders today; %1 paid, ¥ %2 received</numerusform>
        </translation>
    </message>
</context>
</TS>
