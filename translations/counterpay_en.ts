<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
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
        <location filename="../ui/cashier/CashierWindow.cpp" line="+583"/>
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
