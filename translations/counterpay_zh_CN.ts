<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AmountEntry</name>
    <message>
        <location filename="../ui/cashier/AmountEntry.cpp" line="+67"/>
        <source>Type the amount first.</source>
        <translation>请先输入金额。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 is not an amount that can be charged.</source>
        <translation>%1 不是可收款的金额。</translation>
    </message>
</context>
<context>
    <name>AnswerFields</name>
    <message>
        <location filename="../core/alipay/AnswerFields.cpp" line="+17"/>
        <source>Alipay&apos;s answer lacks %1</source>
        <translation>支付宝的应答缺少 %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Alipay&apos;s answer has a malformed %1</source>
        <translation>支付宝的应答中 %1 格式有误</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Alipay&apos;s answer lacks out_trade_no</source>
        <translation>支付宝的应答缺少商户订单号（out_trade_no）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Alipay&apos;s answer is about another order</source>
        <translation>支付宝的应答属于另一笔订单</translation>
    </message>
</context>
<context>
    <name>BackupChecksum</name>
    <message>
        <location filename="../core/backup/BackupChecksum.cpp" line="+29"/>
        <location line="+3"/>
        <location line="+26"/>
        <source>%1 cannot be read.</source>
        <translation>无法读取 %1。</translation>
    </message>
    <message>
        <location line="-15"/>
        <location line="+3"/>
        <source>%1 cannot be written.</source>
        <translation>无法写入 %1。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>%1 is not a SHA-256 checksum file; remove it to restore with SQLite&apos;s integrity check alone.</source>
        <translation>%1 不是 SHA-256 校验和文件；删除它后，仅凭 SQLite 的完整性检查进行恢复。</translation>
    </message>
</context>
<context>
    <name>BackupSettings</name>
    <message>
        <location filename="../core/config/BackupSettings.cpp" line="+50"/>
        <source>must be a number of copies from 1 to %1</source>
        <translation>应为 1 到 %1 之间的份数</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+5"/>
        <source>must be a number of copies from 0 to %1</source>
        <translation>应为 0 到 %1 之间的份数</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+7"/>
        <source>must be 0 (no automatic copies) or minutes from %1 to %2</source>
        <translation>应为 0（不自动备份）或 %1 到 %2 之间的分钟数</translation>
    </message>
</context>
<context>
    <name>BackupStatus</name>
    <message>
        <location filename="../core/backup/BackupStatus.cpp" line="+31"/>
        <source>Backup %1</source>
        <translation>已备份 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No backup of the order book yet</source>
        <translation>订单库尚未备份</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Last backup %1: more than a day ago</source>
        <translation>上次备份于 %1，已超过一天</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Backup failed: %1</source>
        <translation>备份失败：%1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The last good backup is from %1.</source>
        <translation>最近一次成功备份于 %1。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>There is no good backup yet.</source>
        <translation>还没有成功的备份。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Backups go to a folder beside the order book, on the same disk; a second disk or a network share ([backup] folder=) survives a dead disk.</source>
        <translation>备份存放在订单库旁边的文件夹中，与订单库在同一块磁盘上；改存到另一块磁盘或网络共享（[backup] folder=），磁盘损坏时备份才不会一起丢失。</translation>
    </message>
</context>
<context>
    <name>BillArchiveReader</name>
    <message>
        <location filename="../core/reconcile/BillArchiveReader.cpp" line="+19"/>
        <source>The trade bill archive cannot be read: %1</source>
        <translation>无法读取对账单压缩包：%1</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>it is empty, not a zip archive</source>
        <translation>文件为空，不是 zip 压缩包</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>it is larger than %1 bytes</source>
        <translation>文件超过 %1 字节</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>libzip cannot take it</source>
        <translation>libzip 无法处理该文件</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>it is not a zip archive, or a damaged one</source>
        <translation>不是 zip 压缩包，或压缩包已损坏</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>it holds %1 entries; a bill has two</source>
        <translation>其中有 %1 个文件；对账单应有两个</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>it holds two detail files (业务明细.csv): %1</source>
        <translation>其中有两个业务明细文件（业务明细.csv）：%1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>it holds no detail file (…_业务明细.csv), only: %1</source>
        <translation>其中没有业务明细文件（…_业务明细.csv），只有：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>nothing</source>
        <translation>无</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the size of %1 is unknown</source>
        <translation>无法得知 %1 的大小</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 unpacks to %2 bytes, more than the %3 a bill may have</source>
        <translation>%1 解压后为 %2 字节，超过对账单允许的 %3 字节</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 cannot be opened</source>
        <translation>无法打开 %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 is damaged</source>
        <translation>%1 已损坏</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 unpacks to more than the %2 bytes a bill may have</source>
        <translation>%1 解压后超过对账单允许的 %2 字节</translation>
    </message>
</context>
<context>
    <name>BillDownloadUrlQuery</name>
    <message>
        <location filename="../core/alipay/api/BillDownloadUrlQuery.cpp" line="+33"/>
        <source>Alipay&apos;s answer has no usable bill_download_url</source>
        <translation>支付宝的应答中没有可用的账单下载地址（bill_download_url）</translation>
    </message>
</context>
<context>
    <name>BookBackup</name>
    <message>
        <location filename="../core/backup/BookBackup.cpp" line="+53"/>
        <source>There is no order book at %1 to back up.</source>
        <translation>%1 处没有可备份的订单库。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The backup folder %1 cannot be created.</source>
        <translation>无法创建备份文件夹 %1。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The backup folder %1 cannot be written.</source>
        <translation>备份文件夹 %1 不可写。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The copy of the order book failed its integrity check and was removed.</source>
        <translation>订单库的副本未通过完整性检查，已删除。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The copy of the order book cannot be named %1.</source>
        <translation>无法将订单库的副本命名为 %1。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The old backup %1 cannot be removed.</source>
        <translation>无法删除旧备份 %1。</translation>
    </message>
</context>
<context>
    <name>BookRestore</name>
    <message>
        <location filename="../core/backup/BookRestore.cpp" line="+28"/>
        <source>%1 cannot be created.</source>
        <translation>无法创建 %1。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>There is no file %1 to restore from.</source>
        <translation>用于恢复的文件 %1 不存在。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 is damaged (it differs from the checksum written beside it when it was made); it was not restored.</source>
        <translation>%1 已损坏（与备份时写在旁边的校验和不一致）；未恢复。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 is damaged (its integrity check failed); it was not restored.</source>
        <translation>%1 已损坏（未通过完整性检查）；未恢复。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 is not a CounterPay order book; it was not restored.</source>
        <translation>%1 不是 CounterPay 的订单库；未恢复。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 was written by a newer CounterPay; it was not restored.</source>
        <translation>%1 由较新版本的 CounterPay 写入；未恢复。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>A payment is under way (order %1, on %2): the order book cannot be restored now. Finish or stop the payment, close CounterPay, then try again.</source>
        <translation>正在收款（订单 %1，主机 %2）：现在无法恢复订单库。请完成或停止收款，关闭 CounterPay 后重试。</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>The order book cannot be kept aside as %1; nothing was restored.</source>
        <translation>无法将现有订单库另存为 %1；未恢复任何内容。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 is the order book itself.</source>
        <translation>%1 就是订单库本身。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The folder of the order book %1 cannot be created.</source>
        <translation>无法创建订单库 %1 所在的文件夹。</translation>
    </message>
</context>
<context>
    <name>CashierAdvice</name>
    <message>
        <location filename="../core/payment/CashierAdvice.cpp" line="+10"/>
        <source>Ask the customer to refresh the payment code and try again.</source>
        <translation>请顾客刷新付款码后重试。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The customer&apos;s balance is too low.</source>
        <translation>顾客余额不足。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ask the customer to choose another way to pay in Alipay, then refresh the payment code.</source>
        <translation>请顾客在支付宝中更换付款方式，再刷新付款码。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The payment code is not valid or has expired.</source>
        <translation>付款码无效或已过期。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Alipay limited this payment for the customer&apos;s account.</source>
        <translation>支付宝限制了顾客账户的这笔付款。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ask the customer to pay another way.</source>
        <translation>请顾客改用其他方式付款。</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+7"/>
        <source>The payment did not go through.</source>
        <translation>付款未成功。</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>The customer&apos;s account is this store&apos;s own.</source>
        <translation>顾客账户是本店自己的收款账户。</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ask for another Alipay account.</source>
        <translation>请换一个支付宝账户付款。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This order is already finished at Alipay.</source>
        <translation>这笔订单在支付宝已经结束。</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Start a new payment.</source>
        <translation>请重新发起收款。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Call the person who set up this counter; no money was taken.</source>
        <translation>请联系收银台的设置人员；没有扣款。</translation>
    </message>
</context>
<context>
    <name>CertSn</name>
    <message>
        <location filename="../core/alipay/CertSn.cpp" line="+217"/>
        <source>cannot open the certificate file</source>
        <translation>无法打开证书文件</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>the root certificate bundle holds no RSA-signed certificate</source>
        <translation>根证书文件中没有 RSA 签名的证书</translation>
    </message>
    <message>
        <location filename="../core/alipay/OpenSslHandles.cpp" line="+63"/>
        <source>the certificate file is damaged (broken PEM block)</source>
        <translation>证书文件已损坏（PEM 块不完整）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>unexpected PEM block &quot;%1&quot; where certificates belong</source>
        <translation>此处应为证书，却是 PEM 块“%1”</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>certificate %1 in the file cannot be read</source>
        <translation>无法读取文件中的第 %1 个证书</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the file holds no PEM certificate</source>
        <translation>文件中没有 PEM 证书</translation>
    </message>
</context>
<context>
    <name>CertificateChain</name>
    <message>
        <location filename="../core/alipay/CertificateChain.cpp" line="+60"/>
        <location line="+8"/>
        <source>the certificate cannot be checked (out of memory)</source>
        <translation>无法校验证书（内存不足）</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>the root bundle %1 cannot be used</source>
        <translation>无法使用根证书文件 %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>the certificate cannot be checked</source>
        <translation>无法校验证书</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Alipay&apos;s certificate expired on %1; download the current one (支付宝公钥证书) from Alipay&apos;s console</source>
        <translation>支付宝公钥证书已于 %1 过期；请从支付宝开放平台下载当前的支付宝公钥证书</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the CA certificate &quot;%1&quot; that issued Alipay&apos;s certificate expired on %2; download Alipay&apos;s current certificates from its console</source>
        <translation>签发支付宝证书的 CA 证书“%1”已于 %2 过期；请从支付宝开放平台下载当前的证书</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 is not valid before %2; is this computer&apos;s date and time right?</source>
        <translation>%1 在 %2 之前无效；请检查本机的日期和时间是否正确</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alipay&apos;s certificate</source>
        <translation>支付宝公钥证书</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>the CA certificate &quot;%1&quot;</source>
        <translation>CA 证书“%1”</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>this certificate does not chain to a root of %1; alipay_cert must be Alipay&apos;s certificate (alipayCertPublicKey_RSA2.crt) and alipay_root_cert Alipay&apos;s root bundle (alipayRootCert.crt), both downloaded together</source>
        <translation>此证书无法链接到 %1 中的根证书；alipay_cert 应为支付宝公钥证书（alipayCertPublicKey_RSA2.crt），alipay_root_cert 应为支付宝根证书（alipayRootCert.crt），两者需一起下载</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>a signature in this certificate&apos;s chain does not hold; the file is damaged or forged</source>
        <translation>此证书链中有签名不成立；文件已损坏或是伪造的</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>this certificate cannot be verified against %1</source>
        <translation>无法用 %1 验证此证书</translation>
    </message>
</context>
<context>
    <name>ContentCipher</name>
    <message>
        <location filename="../core/alipay/ContentCipher.cpp" line="+42"/>
        <source>AES failed inside OpenSSL</source>
        <translation>OpenSSL 内部 AES 运算失败</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>the encrypted content does not decrypt with the configured AES key (is it the key shown in Alipay&apos;s console for this app?)</source>
        <translation>无法用配置的 AES 密钥解密加密内容（是否为支付宝开放平台上此应用的密钥？）</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>the AES key looks like hex digits; enter it as the base64 text Alipay&apos;s console shows</source>
        <translation>AES 密钥看起来是十六进制数字；请填写支付宝开放平台显示的 base64 文本</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the AES key is not base64 text (copy the key from Alipay&apos;s console)</source>
        <translation>AES 密钥不是 base64 文本（请从支付宝开放平台复制密钥）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the AES key has %1 bytes; Alipay&apos;s AES keys have 16 (or 24 or 32)</source>
        <translation>AES 密钥为 %1 字节；支付宝的 AES 密钥为 16（或 24、32）字节</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>the encrypted content is not base64 text</source>
        <translation>加密内容不是 base64 文本</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the encrypted content is not whole AES blocks</source>
        <translation>加密内容不是完整的 AES 分组</translation>
    </message>
</context>
<context>
    <name>CounterDraft</name>
    <message>
        <location filename="../core/setup/CounterDraft.cpp" line="+169"/>
        <source>(expected PEM &quot;-----BEGIN PRIVATE KEY-----&quot; (PKCS#8) or &quot;-----BEGIN RSA PRIVATE KEY-----&quot; (PKCS#1), or the whole base64 text Alipay&apos;s key tool writes)</source>
        <translation>（应为 PEM 格式的“-----BEGIN PRIVATE KEY-----”（PKCS#8）或“-----BEGIN RSA PRIVATE KEY-----”（PKCS#1），或支付宝密钥工具生成的完整 base64 文本）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>(expected PEM &quot;-----BEGIN PUBLIC KEY-----&quot;, or the whole single line of base64 Alipay&apos;s console shows as 支付宝公钥)</source>
        <translation>（应为 PEM 格式的“-----BEGIN PUBLIC KEY-----”，或支付宝开放平台上“支付宝公钥”显示的完整一行 base64 文本）</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>must be one line without control characters</source>
        <translation>应为一行，且不含控制字符</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>may not hold &quot; ;&quot; (counterpay.ini would read the rest as a comment)</source>
        <translation>不能包含“ ;”（counterpay.ini 会把其后的内容当作注释）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>missing; paste Alipay&apos;s public key (支付宝公钥) from Alipay&apos;s console</source>
        <translation>缺失；请从支付宝开放平台复制支付宝公钥并粘贴到这里</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>cannot make a temporary folder for the check</source>
        <translation>无法创建检查用的临时文件夹</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>cannot be written to counterpay.ini as it is</source>
        <translation>无法原样写入 counterpay.ini</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Gateway URL</source>
        <translation>网关地址</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>App id (APPID)</source>
        <translation>应用ID（APPID）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>App private key (应用私钥)</source>
        <translation>应用私钥</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Alipay public key (支付宝公钥)</source>
        <translation>支付宝公钥</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>App certificate (应用公钥证书)</source>
        <translation>应用公钥证书</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Alipay certificate (支付宝公钥证书)</source>
        <translation>支付宝公钥证书</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Alipay root certificate (支付宝根证书)</source>
        <translation>支付宝根证书</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Store title</source>
        <translation>门店名称</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Terminal id</source>
        <translation>终端号</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Manager&apos;s name</source>
        <translation>经理姓名</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Manager&apos;s PIN</source>
        <translation>经理 PIN 码</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>%1 exists already; the setup never replaces a counter&apos;s configuration (choose an empty folder)</source>
        <translation>%1 已存在；初始设置不会替换收银台已有的配置（请选择空文件夹）</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>%1 holds %2 already; the setup never replaces a key or an order book (choose an empty folder)</source>
        <translation>%1 中已有 %2；初始设置不会替换已有的密钥或订单库（请选择空文件夹）</translation>
    </message>
</context>
<context>
    <name>CounterSettings</name>
    <message>
        <location filename="../core/config/CounterSettings.cpp" line="+30"/>
        <source>must be a number of seconds from 5 to %1</source>
        <translation>应为 5 到 %1 之间的秒数</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>1 to 32 letters, digits or &apos;_&apos;</source>
        <translation>应为 1 到 32 个字母、数字或“_”</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>write it like first=1500,1000@30000,2000@120000,final=5000 (milliseconds)</source>
        <translation>格式如 first=1500,1000@30000,2000@120000,final=5000（毫秒）</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+21"/>
        <source>must be true or false</source>
        <translation>应为 true 或 false</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>not an IP address</source>
        <translation>不是 IP 地址</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>must be 0 to 65535</source>
        <translation>应为 0 到 65535</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>must start with /</source>
        <translation>应以 / 开头</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>must be zh_CN or en</source>
        <translation>应为 zh_CN 或 en</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>minutes, 0 to 240 (0: lock only with F12)</source>
        <translation>应为 0 到 240 之间的分钟数（0：只在按 F12 时锁屏）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Alipay&apos;s partner id: 16 digits starting 2088</source>
        <translation>支付宝合作伙伴 ID（PID）：以 2088 开头的 16 位数字</translation>
    </message>
</context>
<context>
    <name>CsvReader</name>
    <message>
        <location filename="../core/reconcile/CsvReader.cpp" line="+61"/>
        <source>line %1: a quoted field is never closed; the file is cut short</source>
        <translation>第 %1 行：引号内的字段没有结束；文件不完整</translation>
    </message>
</context>
<context>
    <name>DayCloses</name>
    <message>
        <location filename="../core/report/DayCloses.cpp" line="+27"/>
        <source>The day to close is not a valid date.</source>
        <translation>要日结的日期无效。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 has not begun yet; only today or an earlier day can be closed.</source>
        <translation>%1 尚未开始；只能日结今天或之前的日期。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Closing a day must name who closed it.</source>
        <translation>日结必须写明日结人。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 was already closed by %2 at %3.</source>
        <translation>%1 已由 %2 于 %3 日结。</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>The day to look back from is not a valid date.</source>
        <translation>往前查找的起始日期无效。</translation>
    </message>
</context>
<context>
    <name>DayReporter</name>
    <message>
        <location filename="../core/report/DayReporter.cpp" line="+43"/>
        <source>The order book holds a value this version cannot read: %1.</source>
        <translation>订单库中有本版本无法读取的值：%1。</translation>
    </message>
    <message>
        <location line="+122"/>
        <source>The day to report is not a valid date.</source>
        <translation>要统计的日期无效。</translation>
    </message>
</context>
<context>
    <name>DemoConfig</name>
    <message>
        <location filename="../core/demo/DemoConfig.cpp" line="+50"/>
        <source>The demo found no free port on this computer for the payment notifications</source>
        <translation>演示模式在本机找不到可用于支付通知的空闲端口</translation>
    </message>
</context>
<context>
    <name>EncryptedKeyFile</name>
    <message>
        <location filename="../core/vault/EncryptedKeyFile.cpp" line="+60"/>
        <source>the passphrase is wrong: it does not open this key; give the one chosen when the key was protected (counterpay-cli key protect)</source>
        <translation>口令错误，打不开此密钥；请输入保护密钥时设定的口令（counterpay-cli key protect）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>an encrypted key needs a passphrase; an empty one protects nothing</source>
        <translation>加密密钥需要口令；空口令起不到保护作用</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no private key to protect</source>
        <translation>没有要保护的私钥</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+4"/>
        <location line="+5"/>
        <source>the key could not be encrypted</source>
        <translation>无法加密密钥</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+6"/>
        <source>cannot write the key file</source>
        <translation>无法写入密钥文件</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>cannot restrict the key file to its owner</source>
        <translation>无法将密钥文件设为仅所有者可访问</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>cannot open the key file</source>
        <translation>无法打开密钥文件</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>this is not an encrypted private key (PEM &quot;ENCRYPTED PRIVATE KEY&quot;)</source>
        <translation>这不是加密的私钥（PEM “ENCRYPTED PRIVATE KEY”）</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>the private key cannot be read</source>
        <translation>无法读取私钥</translation>
    </message>
</context>
<context>
    <name>EncryptedSecretFile</name>
    <message>
        <location filename="../core/vault/EncryptedSecretFile.cpp" line="+35"/>
        <source>an encrypted file needs a passphrase; an empty one protects nothing</source>
        <translation>加密文件需要口令；空口令起不到保护作用</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>the secret could not be encrypted</source>
        <translation>无法加密机密内容</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+5"/>
        <source>cannot write the file</source>
        <translation>无法写入文件</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>cannot restrict the file to its owner</source>
        <translation>无法将文件设为仅所有者可访问</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>cannot open the file</source>
        <translation>无法打开文件</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>this is not an encrypted secret (PEM &quot;CMS&quot;)</source>
        <translation>这不是加密的机密内容（PEM “CMS”）</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>the secret cannot be read</source>
        <translation>无法读取机密内容</translation>
    </message>
</context>
<context>
    <name>EscPosReceipt</name>
    <message>
        <location filename="../core/receipt/EscPosReceipt.cpp" line="+177"/>
        <source>a receipt printer has 32 or 48 columns</source>
        <translation>小票打印机每行为 32 或 48 列</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>this Qt cannot encode GB18030 text for the receipt printer</source>
        <translation>此 Qt 无法为小票打印机编码 GB18030 文本</translation>
    </message>
</context>
<context>
    <name>FeedbackSettings</name>
    <message>
        <location filename="../core/config/FeedbackSettings.cpp" line="+24"/>
        <source>must be true or false</source>
        <translation>应为 true 或 false</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>must be zh_CN, en_US or en_GB</source>
        <translation>应为 zh_CN、en_US 或 en_GB</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>must be a percentage from 0 to 100</source>
        <translation>应为 0 到 100 的百分比</translation>
    </message>
</context>
<context>
    <name>FormCodec</name>
    <message>
        <location filename="../core/alipay/FormCodec.cpp" line="+35"/>
        <source>broken %-escape in form data</source>
        <translation>表单数据中的 % 转义不完整</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>form data is not valid UTF-8</source>
        <translation>表单数据不是有效的 UTF-8</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>form data has a value without a name</source>
        <translation>表单数据中有值没有参数名</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>form data repeats the parameter &quot;%1&quot;</source>
        <translation>表单数据中参数“%1”重复</translation>
    </message>
</context>
<context>
    <name>GatewayAnswer</name>
    <message>
        <location filename="../core/alipay/GatewayAnswer.cpp" line="+26"/>
        <source>Alipay is busy and did not say how the request ended; the order must be queried</source>
        <translation>支付宝繁忙，未告知请求结果；需要查询订单</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Alipay rejected our signature: the app public key uploaded to Alipay does not match this app private key (or the wrong app id is set)</source>
        <translation>支付宝拒绝了我方签名：上传到支付宝的应用公钥与本机的应用私钥不匹配（或 APPID 填错）</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>this app has no permission for this Alipay product (sign the Face-to-Face product and check the app&apos;s permissions): %1</source>
        <translation>此应用没有该支付宝产品的权限（请签约当面付并检查应用权限）：%1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Alipay refused the request (code %1)</source>
        <translation>支付宝拒绝了请求（错误码 %1）</translation>
    </message>
</context>
<context>
    <name>GatewayConfig</name>
    <message>
        <location filename="../core/config/GatewayConfig.cpp" line="+55"/>
        <source>missing; it is required</source>
        <translation>缺失；此项必填</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>must be a number of milliseconds from 100 to 600000</source>
        <translation>应为 100 到 600000 之间的毫秒数</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>%1 holds %2 and other users of this computer can read it; make it yours only: chmod 600 %3</source>
        <translation>%1 存有%2，本机其他用户也能读取；请设为仅自己可读：chmod 600 %3</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 holds %2 in plain text; keep it in the keychain or under a passphrase: %3</source>
        <translation>%1 以明文存有%2；请改存到密钥环中或用口令保护：%3</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>cannot open the file</source>
        <translation>无法打开文件</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+36"/>
        <source>&quot;%1&quot; is not an http(s) URL</source>
        <translation>“%1”不是 http(s) 网址</translation>
    </message>
    <message>
        <location line="-31"/>
        <source>plain http is only allowed for a gateway on this machine, given by its address (127.0.0.1 or [::1], not a name such as localhost); use https://openapi.alipay.com/gateway.do</source>
        <translation>明文 http 只允许用于本机网关，且须写地址（127.0.0.1 或 [::1]，不能写 localhost 之类的名称）；请使用 https://openapi.alipay.com/gateway.do</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>an Alipay app id has only digits</source>
        <translation>支付宝 APPID 只含数字</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>must be public_key or certificate</source>
        <translation>应为 public_key 或 certificate</translation>
    </message>
    <message>
        <location line="+83"/>
        <location line="+2"/>
        <source>the app private key</source>
        <translation>应用私钥</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>this app certificate does not belong to the app private key</source>
        <translation>此应用公钥证书与应用私钥不匹配</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>this is the app&apos;s own public key; Alipay&apos;s public key (支付宝公钥) belongs here</source>
        <translation>这是应用自己的公钥；此处应填支付宝公钥</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+2"/>
        <source>the content encryption (AES) key</source>
        <translation>内容加密（AES）密钥</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>the keys of this local sandbox gateway lie in plain files on purpose: it is the demo (or a test), and its keys never move money</source>
        <translation>本机沙箱网关的密钥有意以明文文件存放：这是演示（或测试）环境，这些密钥不涉及真实资金</translation>
    </message>
</context>
<context>
    <name>IniFile</name>
    <message>
        <location filename="../core/common/IniFile.cpp" line="+29"/>
        <source>the configuration file does not exist</source>
        <translation>配置文件不存在</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the configuration file cannot be read</source>
        <translation>无法读取配置文件</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>the configuration file is not UTF-8 text</source>
        <translation>配置文件不是 UTF-8 文本</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>a section header looks like [name]</source>
        <translation>节标题的格式为 [名称]</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>expected key=value, found &quot;%1&quot;</source>
        <translation>应为 键=值，实际为“%1”</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&quot;%1&quot; stands before any [section]</source>
        <translation>“%1”位于所有 [节] 之前</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&quot;%1&quot; is set twice in [%2]</source>
        <translation>“%1”在 [%2] 中设置了两次</translation>
    </message>
    <message>
        <location line="+66"/>
        <location line="+3"/>
        <source>the configuration file cannot be written</source>
        <translation>无法写入配置文件</translation>
    </message>
</context>
<context>
    <name>KeyProtection</name>
    <message>
        <location filename="../core/vault/KeyProtection.cpp" line="+51"/>
        <location line="+6"/>
        <source>cannot overwrite the plain key file</source>
        <translation>无法覆写明文密钥文件</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>cannot remove the plain key file</source>
        <translation>无法删除明文密钥文件</translation>
    </message>
    <message>
        <location line="+27"/>
        <location line="+47"/>
        <source>%1 already exists; move it away first (it is never overwritten)</source>
        <translation>%1 已存在；请先将其移走（不会覆盖已有文件）</translation>
    </message>
    <message>
        <location line="-34"/>
        <source>the protected copy of the AES key did not read back the same; the plain key was kept</source>
        <translation>AES 密钥的受保护副本读回后与原密钥不一致；已保留明文密钥</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>missing; there is no key to protect</source>
        <translation>缺失；没有要保护的密钥</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the key is already protected (%1); nothing was changed</source>
        <translation>密钥已受保护（%1）；未做任何更改</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>missing; the keychain entry is named after it</source>
        <translation>缺失；密钥环条目要以它命名</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>an encrypted key needs a passphrase; an empty one protects nothing</source>
        <translation>加密密钥需要口令；空口令起不到保护作用</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>the protected copy of the key did not read back the same; the plain key was kept</source>
        <translation>密钥的受保护副本读回后与原密钥不一致；已保留明文密钥</translation>
    </message>
</context>
<context>
    <name>KeySource</name>
    <message>
        <location filename="../core/vault/KeySource.cpp" line="+42"/>
        <source>the key is protected by a passphrase and none was given: type it when asked, or give --passphrase-file FILE</source>
        <translation>密钥受口令保护，但未提供口令：请在提示时输入，或使用 --passphrase-file FILE</translation>
    </message>
    <message>
        <location line="+22"/>
        <location line="+40"/>
        <source>unknown key location</source>
        <translation>未知的密钥位置</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>cannot open the file</source>
        <translation>无法打开文件</translation>
    </message>
</context>
<context>
    <name>Keychain</name>
    <message>
        <location filename="../core/vault/Keychain.cpp" line="+101"/>
        <source>the keychain refused: %1</source>
        <translation>密钥环拒绝了请求：%1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>the keychain holds no entry &quot;%1&quot; for CounterPay: it was removed, or this is another user&apos;s keychain; put the key back from your copy of it (counterpay-cli key protect --config FILE --keychain, with app_private_key pointing at the plain file)</source>
        <translation>密钥环中没有 CounterPay 的条目“%1”：条目已被删除，或这是其他用户的密钥环；请用您保存的密钥副本重新存入（counterpay-cli key protect --config FILE --keychain，并让 app_private_key 指向明文密钥文件）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the keychain is locked: unlock it (log in to the desktop session, or unlock the &quot;login&quot; keyring in Passwords and Keys) and start again</source>
        <translation>密钥环已锁定：请先解锁（登录桌面会话，或在“密码和密钥”（Passwords and Keys）中解锁“login”密钥环），然后重新启动</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>there is no keychain on this computer (no Secret Service such as GNOME Keyring or KWallet is running): start one, or keep the key in a passphrase-protected file instead (counterpay-cli key protect --config FILE)</source>
        <translation>本机没有密钥环（没有运行 GNOME Keyring、KWallet 等 Secret Service）：请启动一个，或改为将密钥存放在受口令保护的文件中（counterpay-cli key protect --config FILE）</translation>
    </message>
</context>
<context>
    <name>Money</name>
    <message>
        <location filename="../core/money/Money.cpp" line="+16"/>
        <source>&quot;%1&quot; is not a valid amount: %2</source>
        <translation>“%1”不是有效金额：%2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The amount is empty.</source>
        <translation>金额为空。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>it must not be negative</source>
        <translation>不能为负数</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>write it like 12, 12.5 or 12.34</source>
        <translation>请写成 12、12.5 或 12.34 的形式</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+4"/>
        <source>only digits and one decimal point</source>
        <translation>只能包含数字和一个小数点</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>at most two decimals (fen)</source>
        <translation>最多两位小数（到分）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no leading zeros</source>
        <translation>不能以 0 开头</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>too large</source>
        <translation>金额过大</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>it must be at least 0.01</source>
        <translation>至少为 0.01</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Alipay&apos;s limit is 100000000.00</source>
        <translation>支付宝的上限为 100000000.00</translation>
    </message>
</context>
<context>
    <name>NewFiles</name>
    <message>
        <location filename="../core/setup/NewFiles.cpp" line="+26"/>
        <source>cannot create the folder %1</source>
        <translation>无法创建文件夹 %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 exists already; the setup never overwrites a file</source>
        <translation>%1 已存在；初始设置不会覆盖任何文件</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+5"/>
        <source>cannot write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>cannot set the permissions of %1</source>
        <translation>无法设置 %1 的权限</translation>
    </message>
</context>
<context>
    <name>NotifyServer</name>
    <message>
        <location filename="../core/notify/NotifyServer.cpp" line="+26"/>
        <source>the notification path must start with /</source>
        <translation>通知路径应以 / 开头</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>cannot listen for notifications on %1:%2</source>
        <translation>无法在 %1:%2 上监听支付通知</translation>
    </message>
</context>
<context>
    <name>NotifyVerifier</name>
    <message>
        <location filename="../core/notify/NotifyVerifier.cpp" line="+18"/>
        <source>the notification&apos;s %1 is not an amount</source>
        <translation>通知中的 %1 不是金额</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>the notification is not a well-formed form</source>
        <translation>通知不是格式正确的表单</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the notification is not signed and is ignored</source>
        <translation>通知没有签名，已忽略</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the notification is signed with &quot;%1&quot;; only RSA2 is accepted</source>
        <translation>通知的签名方式为“%1”；只接受 RSA2</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>the notification does not carry a valid Alipay signature and is ignored</source>
        <translation>通知没有有效的支付宝签名，已忽略</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>the notification is for app %1, not this app (%2)</source>
        <translation>通知属于应用 %1，不是本应用（%2）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the notification has no %1</source>
        <translation>通知中没有 %1</translation>
    </message>
</context>
<context>
    <name>OnlineCopy</name>
    <message>
        <location filename="../core/backup/OnlineCopy.cpp" line="+27"/>
        <source>The journal mode of %1 cannot be changed.</source>
        <translation>无法更改 %1 的日志模式。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>The database %1 cannot be read.</source>
        <translation>无法读取数据库 %1。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The database %1 cannot be copied to %2.</source>
        <translation>无法将数据库 %1 复制到 %2。</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>The database %1 stayed busy; it was not copied. Try again.</source>
        <translation>数据库 %1 一直处于忙碌状态，未能复制。请重试。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The database %1 could not be copied to %2.</source>
        <translation>数据库 %1 复制到 %2 时失败。</translation>
    </message>
    <message>
        <location line="+20"/>
        <location line="+5"/>
        <source>The database %1 is damaged.</source>
        <translation>数据库 %1 已损坏。</translation>
    </message>
</context>
<context>
    <name>OrderStore</name>
    <message>
        <location filename="../core/store/OrderRows.cpp" line="+11"/>
        <source>The order database holds a %1 this version cannot read (&quot;%2&quot; in %3).</source>
        <translation>订单数据库中有本版本无法读取的 %1（%3 中的“%2”）。</translation>
    </message>
    <message>
        <location filename="../core/store/OrderStore.cpp" line="+43"/>
        <source>&quot;%1&quot; is not a valid out_trade_no: 1 to 64 letters, digits, _ or -.</source>
        <translation>“%1”不是有效的商户订单号：应为 1 到 64 个字母、数字、_ 或 -。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Order %1 has no app_id.</source>
        <translation>订单 %1 没有 APPID。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 is not an amount Alipay can charge (0.01 to 100000000.00).</source>
        <translation>%1 不是支付宝可收款的金额（0.01 到 100000000.00）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The subject of order %1 must be 1 to %2 characters of plain text.</source>
        <translation>订单 %1 的标题应为 1 到 %2 个字符的纯文本。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&quot;%1&quot; is not a valid cashier id.</source>
        <translation>“%1”不是有效的收银员编号。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Order %1 is being handled by another till (%2, process %3); nothing was changed.</source>
        <translation>订单 %1 正由另一台收银机处理（%2，进程 %3）；未做任何更改。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Order %1 cannot move from %2 to %3.</source>
        <translation>订单 %1 不能从 %2 变为 %3。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Order %1: a refunded amount goes only with a move to partially_refunded or refunded.</source>
        <translation>订单 %1：只有变为部分退款或已退款时才能带退款金额。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Order %1 is refunded in full only when all %2 is refunded, not %3.</source>
        <translation>订单 %1 只有退满 %2 才算全额退款，而不是 %3。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Order %1 needs the amount refunded so far to become partially refunded.</source>
        <translation>订单 %1 需要已退款金额才能变为部分退款。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Order %1: %2 refunded in all is not a partial refund (refunded before: %3, total: %4).</source>
        <translation>订单 %1：累计退款 %2 不是部分退款（此前已退：%3，订单金额：%4）。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Order %1 already has Alipay trade number %2, but an answer names %3. Nothing was changed.</source>
        <translation>订单 %1 已有支付宝交易号 %2，但应答中是 %3。未做任何更改。</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>%1 is not a valid business day.</source>
        <translation>%1 不是有效的营业日。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Terminal %1 has used all %2 order numbers of %3.</source>
        <translation>终端 %1 已用完 %3 的全部 %2 个订单号。</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>An order %1 already exists; it was left as it is.</source>
        <translation>订单 %1 已存在；保持原样。</translation>
    </message>
    <message>
        <location line="+49"/>
        <location line="+49"/>
        <location line="+64"/>
        <location line="+34"/>
        <source>There is no order %1.</source>
        <translation>没有订单 %1。</translation>
    </message>
    <message>
        <location line="-106"/>
        <source>A lease needs an owner.</source>
        <translation>占用订单需要指明占用者。</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>A notification without notify_id cannot be recorded.</source>
        <translation>没有 notify_id 的通知无法记录。</translation>
    </message>
    <message>
        <location line="+100"/>
        <source>The business day to list is not a valid date.</source>
        <translation>要列出的营业日不是有效日期。</translation>
    </message>
    <message>
        <location line="+101"/>
        <source>A list of orders cannot be limited to %1 from %2.</source>
        <translation>订单列表不能从第 %2 条起限制为 %1 条。</translation>
    </message>
    <message>
        <location line="+71"/>
        <source>%1 is not an amount Alipay can refund (0.01 to 100000000.00).</source>
        <translation>%1 不是支付宝可退款的金额（0.01 到 100000000.00）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A refund must name who authorised it.</source>
        <translation>退款必须写明授权人。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The refund reason must be at most %1 characters of plain text.</source>
        <translation>退款原因最多为 %1 个字符的纯文本。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>&quot;%1&quot; is not a valid out_request_no: 1 to 64 letters, digits, _ or -.</source>
        <translation>“%1”不是有效的退款单号：应为 1 到 64 个字母、数字、_ 或 -。</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>There is no order %1 to refund.</source>
        <translation>没有可退款的订单 %1。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Order %1 is %2; only a paid order can be refunded.</source>
        <translation>订单 %1 的状态为 %2；只有已支付的订单才能退款。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>A refund request %1 already exists; it was left as it is.</source>
        <translation>退款请求 %1 已存在；保持原样。</translation>
    </message>
    <message>
        <location line="+17"/>
        <location line="+158"/>
        <location line="+31"/>
        <source>The refunds of order %1 do not add up.</source>
        <translation>订单 %1 的退款金额对不上。</translation>
    </message>
    <message>
        <location line="-184"/>
        <source>Refunding %1 from order %2 would exceed its total of %3 (already refunded or being refunded: %4).</source>
        <translation>从订单 %2 退款 %1 将超过订单金额 %3（已退款或正在退款：%4）。</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>No free refund number was found for order %1.</source>
        <translation>订单 %1 找不到可用的退款单号。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>A refund is finished as done, failed or unknown, not as requested.</source>
        <translation>退款只能以成功、失败或未知结束，不能以“已申请”结束。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A refunded total goes only with a refund that is done.</source>
        <translation>只有成功的退款才能带累计退款金额。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>There is no refund request %1.</source>
        <translation>没有退款请求 %1。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Refund %1 is already %2; it cannot become %3.</source>
        <translation>退款 %1 已是 %2；不能再变为 %3。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Refund %1 belongs to no order.</source>
        <translation>退款 %1 不属于任何订单。</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Alipay reports %1 refunded for order %2, which does not fit (refunded before: %3, this refund: %4, total: %5). Nothing was changed.</source>
        <translation>支付宝报告订单 %2 已退款 %1，与记录不符（此前已退：%3，本次退款：%4，订单金额：%5）。未做任何更改。</translation>
    </message>
    <message>
        <location line="+187"/>
        <source>Order %1 was changed by another program meanwhile; nothing was written.</source>
        <translation>订单 %1 在此期间被另一个程序修改；未写入任何内容。</translation>
    </message>
</context>
<context>
    <name>PeopleStore</name>
    <message>
        <location filename="../core/people/PeopleStore.cpp" line="+34"/>
        <source>The order book names an unknown role &quot;%1&quot; for %2.</source>
        <translation>订单库中 %2 的角色“%1”无法识别。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>A person needs a name.</source>
        <translation>人员必须有姓名。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A name may not begin or end with a space.</source>
        <translation>姓名的开头和结尾不能有空格。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The name &quot;%1&quot; is longer than %2 characters.</source>
        <translation>姓名“%1”超过 %2 个字符。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A name may not hold control characters.</source>
        <translation>姓名不能包含控制字符。</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>This shop already has people; a manager must approve someone new.</source>
        <translation>本店已有人员；添加新人员需经理批准。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Someone called %1 already works here.</source>
        <translation>本店已有名为 %1 的人员。</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>%1 is the last manager; add another manager before removing them.</source>
        <translation>%1 是最后一位经理；请先添加另一位经理，再移除 %1。</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>The PIN of %1 was changed meanwhile; try again.</source>
        <translation>%1 的 PIN 码刚刚被修改；请重试。</translation>
    </message>
    <message numerus="yes">
        <location line="+23"/>
        <source>Wrong PIN for %1; %n tries left</source>
        <translation>
            <numerusform>%1 的 PIN 码错误；还可再试 %n 次</numerusform>
        </translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 is a cashier; a manager must approve this</source>
        <translation>%1 是收银员；此操作需经理批准</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Nobody called %1 works here</source>
        <translation>本店没有名为 %1 的人员</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Wrong PIN for %1; %1 is locked until %2 after %3 wrong PINs</source>
        <translation>%1 的 PIN 码错误；已连续输错 %3 次，%1 被锁定至 %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 is locked until %2 after %3 wrong PINs</source>
        <translation>%1 已连续输错 %3 次 PIN 码，被锁定至 %2</translation>
    </message>
</context>
<context>
    <name>PinHash</name>
    <message>
        <location filename="../core/people/PinHash.cpp" line="+58"/>
        <source>The PIN hash asks for scrypt costs beyond what this program allows.</source>
        <translation>PIN 码哈希要求的 scrypt 参数超出本程序允许的范围。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This OpenSSL has no scrypt.</source>
        <translation>此 OpenSSL 不支持 scrypt。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>scrypt could not be set up.</source>
        <translation>无法初始化 scrypt。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>scrypt failed.</source>
        <translation>scrypt 运算失败。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No random bytes for the PIN&apos;s salt.</source>
        <translation>无法为 PIN 码的盐值生成随机字节。</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>The PIN is empty; it needs 4 to 8 digits.</source>
        <translation>PIN 码为空；应为 4 到 8 位数字。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A PIN is made of the digits 0 to 9 only.</source>
        <translation>PIN 码只能由数字 0 到 9 组成。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The PIN is too short; it needs 4 to 8 digits.</source>
        <translation>PIN 码太短；应为 4 到 8 位数字。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The PIN is too long; it needs 4 to 8 digits.</source>
        <translation>PIN 码太长；应为 4 到 8 位数字。</translation>
    </message>
</context>
<context>
    <name>PrivateKey</name>
    <message>
        <location filename="../core/alipay/PrivateKey.cpp" line="+27"/>
        <source>this is not a private key (expected PEM or the base64 text of the key)</source>
        <translation>这不是私钥（应为 PEM 或密钥的 base64 文本）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the private key is protected by a passphrase; store it unencrypted PKCS#8</source>
        <translation>私钥有密码保护；请保存为未加密的 PKCS#8</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>this is a public key or certificate; the app&apos;s private key belongs here</source>
        <translation>这是公钥或证书；此处应填应用私钥</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>unexpected PEM block &quot;%1&quot;</source>
        <translation>意外的 PEM 块“%1”</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>this is a public key; the app&apos;s private key belongs here</source>
        <translation>这是公钥；此处应填应用私钥</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the private key cannot be read</source>
        <translation>无法读取私钥</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>not an RSA key (RSA2 needs an RSA key)</source>
        <translation>不是 RSA 密钥（RSA2 需要 RSA 密钥）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the key has %1 bits; RSA2 needs at least 2048</source>
        <translation>密钥长度为 %1 位；RSA2 至少需要 2048 位</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>cannot open the key file</source>
        <translation>无法打开密钥文件</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>RSA2 keys need at least 2048 bits</source>
        <translation>RSA2 密钥至少需要 2048 位</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>could not generate an RSA key</source>
        <translation>无法生成 RSA 密钥</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>no private key is loaded</source>
        <translation>未加载私钥</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>signing failed</source>
        <translation>签名失败</translation>
    </message>
</context>
<context>
    <name>PublicKey</name>
    <message>
        <location filename="../core/alipay/PublicKey.cpp" line="+48"/>
        <source>this is not a public key (expected PEM or the base64 text from Alipay&apos;s console)</source>
        <translation>这不是公钥（应为 PEM 或支付宝开放平台上的 base64 文本）</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+15"/>
        <source>this is a private key; a public key belongs here (keep the private key secret)</source>
        <translation>这是私钥；此处应填公钥（私钥请妥善保密）</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>unexpected PEM block &quot;%1&quot;</source>
        <translation>意外的 PEM 块“%1”</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>the public key cannot be read</source>
        <translation>无法读取公钥</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>not an RSA key (RSA2 needs an RSA key)</source>
        <translation>不是 RSA 密钥（RSA2 需要 RSA 密钥）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the key has %1 bits; RSA2 needs at least 2048</source>
        <translation>密钥长度为 %1 位；RSA2 至少需要 2048 位</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>cannot open the key file</source>
        <translation>无法打开密钥文件</translation>
    </message>
</context>
<context>
    <name>QrCode</name>
    <message>
        <location filename="../core/receipt/QrCode.cpp" line="+14"/>
        <source>nothing to put in a QR code</source>
        <translation>没有可放入二维码的内容</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the text does not fit in a QR code</source>
        <translation>文本太长，放不进二维码</translation>
    </message>
</context>
<context>
    <name>Receipt</name>
    <message>
        <location filename="../core/receipt/Receipt.cpp" line="+51"/>
        <source>order %1 was not paid, so it has no receipt</source>
        <translation>订单 %1 未支付，没有小票</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>refund %1 is not a refund of order %2</source>
        <translation>退款 %1 不是订单 %2 的退款</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>refund %1 is not done, so it has no receipt</source>
        <translation>退款 %1 尚未完成，没有小票</translation>
    </message>
</context>
<context>
    <name>ReceiptPrinter</name>
    <message>
        <location filename="../ui/receipt/ReceiptPrinter.cpp" line="+274"/>
        <source>The receipt cannot be printed: the printer or file did not open</source>
        <translation>无法打印小票：打印机或文件无法打开</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The receipt could not be finished on the printer or in the file</source>
        <translation>小票未能在打印机或文件中完成输出</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The receipt PDF %1 cannot be written</source>
        <translation>无法写入小票 PDF %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>No printer is set up on this computer</source>
        <translation>本机没有设置打印机</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>There is no printer named %1 on this computer</source>
        <translation>本机没有名为 %1 的打印机</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The printer %1 cannot be used</source>
        <translation>无法使用打印机 %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The printer %1 cannot print the receipt</source>
        <translation>打印机 %1 无法打印小票</translation>
    </message>
</context>
<context>
    <name>ReceiptSettings</name>
    <message>
        <location filename="../core/config/ReceiptSettings.cpp" line="+63"/>
        <source>must be none, pdf, system or escpos</source>
        <translation>应为 none、pdf、system 或 escpos</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>must be 58, 80 or a4</source>
        <translation>应为 58、80 或 a4</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>an ESC/POS receipt printer takes 58 or 80 (mm)</source>
        <translation>ESC/POS 小票打印机只支持 58 或 80（毫米）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>must be true or false</source>
        <translation>应为 true 或 false</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>must be an absolute path, such as /dev/usb/lp0</source>
        <translation>应为绝对路径，例如 /dev/usb/lp0</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>must be a host name or an IP address</source>
        <translation>应为主机名或 IP 地址</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>must be 1 to 65535</source>
        <translation>应为 1 到 65535</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>must be a number of seconds from 1 to 120</source>
        <translation>应为 1 到 120 之间的秒数</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>printer=escpos needs one of device, host or file</source>
        <translation>printer=escpos 需要设置 device、host 或 file 之一</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>set only one of device, host and file</source>
        <translation>device、host 和 file 只能设置一个</translation>
    </message>
</context>
<context>
    <name>ReconcileReport</name>
    <message>
        <location filename="../core/reconcile/ReconcileReport.cpp" line="+56"/>
        <source>Alipay %1 payment(s) %2, %3 refund(s) %4</source>
        <translation>支付宝 %1 笔收款 %2，%3 笔退款 %4</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Alipay has no bill for the day (none is made for a day without business, and a day&apos;s bill is ready from 09:00 the next day)</source>
        <translation>支付宝没有当天的对账单（没有交易的日子不生成对账单；当天的对账单次日 09:00 起才能下载）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the book %1 payment(s) %2, %3 refund(s) %4</source>
        <translation>订单库 %1 笔收款 %2，%3 笔退款 %4</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>they agree</source>
        <translation>双方一致</translation>
    </message>
    <message numerus="yes">
        <location line="+0"/>
        <source>%n difference(s)</source>
        <translation>
            <numerusform>%n 处差异</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: %2; %3: %4</source>
        <translation>%1：%2；%3：%4</translation>
    </message>
</context>
<context>
    <name>Reconciler</name>
    <message>
        <location filename="../core/reconcile/Reconciler.cpp" line="+90"/>
        <source>Run the recovery (counterpay-cli recover, or restart the app), then reconcile again.</source>
        <translation>请先运行订单核对（counterpay-cli recover，或重启程序），再重新对账。</translation>
    </message>
    <message>
        <location line="+114"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Alipay refunded %1 on trade %2 (terminal %3)</source>
        <translation>支付宝退款 %1，交易号 %2（终端号：%3）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Alipay received %1 on trade %2 (terminal %3)</source>
        <translation>支付宝收款 %1，交易号 %2（终端号：%3）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1; the order book has no such order</source>
        <translation>%1；订单库中没有这笔订单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>An order of this shop&apos;s tills is missing from the book (a book restored from a backup, or a till writing to another book?). Find where it was recorded; if the sale happened, add it to the day&apos;s accounts, otherwise refund it to the customer in Alipay.</source>
        <translation>本店收银台的一笔订单不在订单库中（订单库是从备份恢复的，或有收银台写入了另一个订单库？）。请查明它记录在哪里；如确有这笔销售，请计入当日账目，否则请在支付宝中退款给顾客。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1, from a terminal this order book does not know</source>
        <translation>%1，来自本订单库未登记的终端</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A sale by another system that uses the same Alipay app (another till program, a web shop): account for it with that system, not here.</source>
        <translation>这是使用同一支付宝应用的其他系统（其他收银程序、网店）的销售：请在该系统中入账，不要在这里处理。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>It is in the bill of app %1, but the order book holds the order for app %2</source>
        <translation>它在应用 %1 的对账单中，但订单库中该订单属于应用 %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Check which app the till that took it is set up with, and reconcile the order with that app&apos;s settings.</source>
        <translation>请查看收这笔款的收银台配置的是哪个应用，并用该应用的配置为这笔订单对账。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Alipay received %1 on trade %2; the order book has the order as %3</source>
        <translation>支付宝收款 %1，交易号 %2；订单库中该订单状态为 %3</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The customer paid although the book says not: query the trade, then give the customer the goods or refund the payment in Alipay.</source>
        <translation>顾客实际已付款，但订单库记为未付款：请查询该交易，然后把商品交给顾客，或在支付宝中退还这笔款项。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Alipay lists %1 payments of it, %2 in all; the book has %3</source>
        <translation>支付宝列有这笔订单的 %1 笔收款，共 %2；订单库中为 %3</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Alipay received %1; the book has %2</source>
        <translation>支付宝收款 %1；订单库中为 %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Query the trade and correct the day&apos;s accounts by the difference: Alipay&apos;s amount is what the customer paid.</source>
        <translation>请查询该交易，并按差额更正当日账目：以支付宝的金额为准，即顾客实付的金额。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Alipay&apos;s trade number is %1; the book recorded %2</source>
        <translation>支付宝交易号为 %1；订单库记录的是 %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Query the trade: the book holds another trade&apos;s number for this order.</source>
        <translation>请查询该交易：订单库为这笔订单记录了另一笔交易的交易号。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Alipay has the trade from terminal %1; the book took the order at terminal %2</source>
        <translation>支付宝记录的交易来自终端 %1；订单库中该订单由终端 %2 收款</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Another system numbers its orders like this till: give each its own terminal id so that their numbers never meet, and check this sale.</source>
        <translation>另一个系统的订单编号方式与本收银台相同：请为每个系统设置各自的终端号，使订单号不再重复，并核查这笔销售。</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Alipay refunded %1 (request %2); the order book has no such refund</source>
        <translation>支付宝已退款 %1（退款单号：%2）；订单库中没有这笔退款</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+57"/>
        <source>without a number</source>
        <translation>无</translation>
    </message>
    <message>
        <location line="-56"/>
        <source>A refund made outside CounterPay (Alipay&apos;s merchant site, or another tool): the money went back to the customer; add it to the day&apos;s accounts, and do not refund it again.</source>
        <translation>这是在 CounterPay 之外发起的退款（支付宝商家平台或其他工具）：款项已退回顾客；请计入当日账目，不要重复退款。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Alipay refunded %1; the book has %2</source>
        <translation>支付宝退款 %1；订单库中为 %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Correct the day&apos;s accounts by the difference: Alipay&apos;s amount is what went back to the customer.</source>
        <translation>请按差额更正当日账目：以支付宝的金额为准，即实际退给顾客的金额。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Alipay refunded %1; the book has the refund as failed</source>
        <translation>支付宝已退款 %1；订单库中该退款记为失败</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The money did go back to the customer: do not refund it again, and correct the day&apos;s accounts.</source>
        <translation>款项确已退回顾客：请勿重复退款，并更正当日账目。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Alipay refunded %1; the book still waits for the answer</source>
        <translation>支付宝已退款 %1；订单库仍在等待退款结果</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>The book has %1 paid (trade %2); Alipay&apos;s bill has no such payment</source>
        <translation>订单库记录已到账 %1（交易号：%2）；支付宝对账单中没有这笔收款</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Query the trade: if Alipay has no payment, the customer did not pay; collect it again or write the sale off.</source>
        <translation>请查询该交易：如果支付宝没有这笔付款，说明顾客并未付款；请重新收款，或将这笔销售作损失处理。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>It was paid around midnight: if the bill of %1 has it, all is well; otherwise query the trade.</source>
        <translation>这笔付款发生在午夜前后：如果 %1 的对账单中有它，就没有问题；否则请查询该交易。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The order of %1 is still %2 in the book</source>
        <translation>金额为 %1 的订单在订单库中仍是 %2 状态</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Refund %1 of %2 still waits for Alipay&apos;s answer in the book</source>
        <translation>退款 %1（金额 %2）在订单库中仍在等待支付宝的结果</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The book has %1 refunded (request %2); Alipay&apos;s bill has no such refund</source>
        <translation>订单库记录已退款 %1（退款单号：%2）；支付宝对账单中没有这笔退款</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>of the cancel</source>
        <translation>无（撤销时的退款）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ask Alipay about the refund (a refund query): if it was not made, the customer has not got the money back.</source>
        <translation>请向支付宝查询这笔退款（退款查询）：如果退款未成功，顾客就没有收到退款。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>It was refunded around midnight: if the bill of %1 has it, all is well; otherwise ask Alipay about the refund.</source>
        <translation>这笔退款发生在午夜前后：如果 %1 的对账单中有它，就没有问题；否则请向支付宝查询这笔退款。</translation>
    </message>
</context>
<context>
    <name>Recovery</name>
    <message>
        <location filename="../core/payment/Recovery.cpp" line="+186"/>
        <source>paid</source>
        <translation>已到账</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>closed, not paid</source>
        <translation>未支付，已关单</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>had been paid; refunded by the cancel</source>
        <translation>顾客已付款；撤销时已原路退回</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>failed</source>
        <translation>支付失败</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>still unresolved: %1</source>
        <translation>仍未确认：%1</translation>
    </message>
</context>
<context>
    <name>ReportFormat</name>
    <message>
        <location filename="../core/report/ReportFormat.cpp" line="+131"/>
        <source>all apps</source>
        <translation>所有应用</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>app %1</source>
        <translation>应用 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Day report %1 (China time, %2)</source>
        <translation>日报表 %1（北京时间，%2）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Orders created: none</source>
        <translation>创建订单：无</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Orders created: %1, from %2 to %3</source>
        <translation>创建订单：%1 笔，订单号 %2 至 %3</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Paid: %1 order(s), %2 (QR code %3, %4; payment code %5, %6)</source>
        <translation>已到账：%1 笔，%2（顾客扫码 %3 笔，%4；付款码 %5 笔，%6）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Not paid: %1; still open: %2</source>
        <translation>未支付：%1 笔；未完结：%2 笔</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refunds done: %1, %2</source>
        <translation>已退款：%1 笔，%2</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+57"/>
        <source>Net: %1</source>
        <translation>净收款：%1</translation>
    </message>
    <message>
        <location line="-50"/>
        <source>By state: %1</source>
        <translation>按状态：%1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>  %1:00  %2 paid, %3</source>
        <translation>  %1:00  已到账 %2 笔，%3</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Shift of %1 at terminal %2, %3 to %4 (China time)</source>
        <translation>%1 在终端 %2 的班次，%3 至 %4（北京时间）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Orders: none</source>
        <translation>订单：无</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Orders: %1, first %2 at %3, last %4 at %5</source>
        <translation>订单：%1 笔，首笔 %2（%3），末笔 %4（%5）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Paid: %1 order(s), %2</source>
        <translation>已到账：%1 笔，%2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not paid (closed or failed): %1; still open: %2</source>
        <translation>未支付（已关闭或失败）：%1 笔；未完结：%2 笔</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refunds done at this terminal: %1, %2</source>
        <translation>本终端已退款：%1 笔，%2</translation>
    </message>
</context>
<context>
    <name>ReportPrinter</name>
    <message>
        <location filename="../ui/manager/ReportPrinter.cpp" line="+25"/>
        <source>Cannot make the folder %1 for the report.</source>
        <translation>无法创建存放报表的文件夹 %1。</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+31"/>
        <source>Cannot write the report to %1.</source>
        <translation>无法将报表写入 %1。</translation>
    </message>
</context>
<context>
    <name>ResponseScanner</name>
    <message>
        <location filename="../core/alipay/ResponseScanner.cpp" line="+311"/>
        <location line="+71"/>
        <source>the gateway&apos;s reply is not a well-formed JSON object</source>
        <translation>网关的应答不是格式正确的 JSON 对象</translation>
    </message>
    <message>
        <location line="-31"/>
        <source>the gateway&apos;s reply holds the member &quot;%1&quot; twice; it is refused as a forgery</source>
        <translation>网关的应答中成员“%1”出现两次；视为伪造，已拒绝</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>the gateway&apos;s reply holds neither &quot;%1&quot; nor &quot;error_response&quot;</source>
        <translation>网关的应答中既没有“%1”也没有“error_response”</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>the gateway&apos;s reply has &quot;%1&quot; that is neither an object nor an encrypted text</source>
        <translation>网关应答中的“%1”既不是对象也不是加密文本</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the gateway&apos;s reply has a &quot;%1&quot; that is not text</source>
        <translation>网关应答中的“%1”不是文本</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>expected one JSON text value</source>
        <translation>应为一个 JSON 文本值</translation>
    </message>
</context>
<context>
    <name>ResponseVerifier</name>
    <message>
        <location filename="../core/alipay/ResponseVerifier.cpp" line="+44"/>
        <location line="+3"/>
        <source>the gateway&apos;s reply is neither UTF-8 nor GBK text</source>
        <translation>网关的应答既不是 UTF-8 也不是 GBK 文本</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the gateway&apos;s reply has a &quot;%1&quot; that is not a JSON object</source>
        <translation>网关应答中的“%1”不是 JSON 对象</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>the gateway&apos;s reply names no Alipay certificate (alipay_cert_sn), which certificate mode requires of a success; it is ignored</source>
        <translation>网关的应答没有注明支付宝证书（alipay_cert_sn），而证书模式要求成功应答必须注明；已忽略</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>&quot;%1&quot; is not an Alipay method name</source>
        <translation>“%1”不是支付宝接口名</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>the gateway&apos;s reply is signed with Alipay certificate %1, not the configured %2; download Alipay&apos;s current public key certificate</source>
        <translation>网关的应答使用支付宝证书 %1 签名，而不是配置的 %2；请下载当前的支付宝公钥证书</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>the gateway&apos;s reply does not carry a valid Alipay signature and is ignored (is Alipay&apos;s public key configured, not the app&apos;s own?)</source>
        <translation>网关的应答没有有效的支付宝签名，已忽略（配置的是否为支付宝公钥，而不是应用自己的公钥？）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>the gateway&apos;s encrypted reply is not signed and is ignored</source>
        <translation>网关的加密应答没有签名，已忽略</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the gateway&apos;s reply is AES-encrypted but no AES key is configured</source>
        <translation>网关的应答经过 AES 加密，但没有配置 AES 密钥</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>the gateway&apos;s reply is not signed and does not report an error; it is ignored</source>
        <translation>网关的应答没有签名，也未报告错误；已忽略</translation>
    </message>
</context>
<context>
    <name>Schema</name>
    <message>
        <location filename="../core/store/Schema.cpp" line="+147"/>
        <source>The order database %1 was written by a newer CounterPay (schema version %2; this version knows up to %3). Use the newer CounterPay or restore a backup; the file was left as it is.</source>
        <translation>订单数据库 %1 由较新版本的 CounterPay 写入（结构版本 %2；本版本最高支持 %3）。请使用新版 CounterPay 或恢复备份；文件保持原样。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 holds another program&apos;s data, not CounterPay&apos;s orders. It was left as it is; choose another file for the order database.</source>
        <translation>%1 存放的是其他程序的数据，不是 CounterPay 的订单。文件保持原样；请为订单数据库另选文件。</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>The order database %1 could not be brought to schema version %2 and was left at the version before: %3</source>
        <translation>订单数据库 %1 无法升级到结构版本 %2，已保留在之前的版本：%3</translation>
    </message>
</context>
<context>
    <name>ShiftLog</name>
    <message>
        <location filename="../core/people/ShiftLog.cpp" line="+39"/>
        <source>A shift needs the person who works it.</source>
        <translation>班次必须指明当班人员。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A shift needs its terminal.</source>
        <translation>班次必须指明终端。</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>There is no shift %1.</source>
        <translation>没有班次 %1。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1&apos;s shift at %2 already ended at %3.</source>
        <translation>%1 在终端 %2 的班次已于 %3 结束。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>A time range needs its start before its end.</source>
        <translation>时间范围的开始时间应早于结束时间。</translation>
    </message>
</context>
<context>
    <name>ShiftReport</name>
    <message>
        <location filename="../core/report/ShiftReport.cpp" line="+29"/>
        <source>The order book holds a value this version cannot read: %1.</source>
        <translation>订单库中有本版本无法读取的值：%1。</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>A shift runs from a valid time to the same or a later one.</source>
        <translation>班次的起止时间必须有效，且结束时间不能早于开始时间。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A shift report needs the terminal.</source>
        <translation>交班报表必须指明终端。</translation>
    </message>
</context>
<context>
    <name>SqlConnection</name>
    <message>
        <location filename="../core/store/SqlConnection.cpp" line="+58"/>
        <source>The order database %1 cannot be read and written (permissions, or a read-only disk).</source>
        <translation>订单数据库 %1 无法读写（权限问题，或磁盘只读）。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>The order database %1 cannot be created.</source>
        <translation>无法创建订单数据库 %1。</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>No path was given for the order database.</source>
        <translation>没有指定订单数据库的路径。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The order database %1 is not a file.</source>
        <translation>订单数据库 %1 不是文件。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The folder for the order database cannot be created: %1</source>
        <translation>无法创建订单数据库所在的文件夹：%1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The folder of the order database %1 cannot be written.</source>
        <translation>订单数据库 %1 所在的文件夹不可写。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Qt&apos;s SQLite driver is missing (package libqt6sql6-sqlite).</source>
        <translation>缺少 Qt 的 SQLite 驱动（软件包 libqt6sql6-sqlite）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The order database %1 cannot be opened or created.</source>
        <translation>无法打开或创建订单数据库 %1。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The order database %1 is damaged. It was left as it is; restore a backup.</source>
        <translation>订单数据库 %1 已损坏。文件保持原样；请恢复备份。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>The order database %1 cannot use write-ahead logging (a network or read-only disk?).</source>
        <translation>订单数据库 %1 无法使用预写日志（是否在网络磁盘或只读磁盘上？）。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The SQLite library cannot enforce foreign keys.</source>
        <translation>SQLite 库无法强制外键约束。</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>The order database %1 did not report the new row.</source>
        <translation>订单数据库 %1 没有返回新写入的行。</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>The order database %1 was asked for a transaction inside another.</source>
        <translation>订单数据库 %1 被要求在一个事务内再开事务。</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>The order database %1 is busy: another CounterPay program is using it. Try again.</source>
        <translation>订单数据库 %1 正忙：另一个 CounterPay 程序正在使用。请重试。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The order database %1 cannot be written (read-only file, folder or disk).</source>
        <translation>订单数据库 %1 无法写入（文件、文件夹或磁盘只读）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The disk holding the order database %1 is full.</source>
        <translation>订单数据库 %1 所在的磁盘已满。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The order database %1 is damaged or is not a database at all. It was left as it is; restore a backup or move it away.</source>
        <translation>订单数据库 %1 已损坏，或根本不是数据库。文件保持原样；请恢复备份或将其移走。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The order database %1 cannot be read or written (disk or permission problem).</source>
        <translation>订单数据库 %1 无法读写（磁盘或权限问题）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The order database %1 refused a change that would break its rules.</source>
        <translation>订单数据库 %1 拒绝了一项违反其规则的更改。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The order database %1 failed.</source>
        <translation>订单数据库 %1 出错。</translation>
    </message>
</context>
<context>
    <name>SqliteFile</name>
    <message>
        <location filename="../core/backup/SqliteFile.cpp" line="+44"/>
        <source>The database %1 cannot be opened.</source>
        <translation>无法打开数据库 %1。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>The database %1 cannot be read.</source>
        <translation>无法读取数据库 %1。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The database %1 failed.</source>
        <translation>数据库 %1 出错。</translation>
    </message>
</context>
<context>
    <name>TradeBillParser</name>
    <message>
        <location filename="../core/reconcile/TradeBillParser.cpp" line="+38"/>
        <source>The trade bill cannot be read (%1): %2</source>
        <translation>无法读取对账单（%1）：%2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>line %1</source>
        <translation>第 %1 行</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>encoding</source>
        <translation>编码</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>it starts as UTF-8 but is not</source>
        <translation>文件以 UTF-8 标记开头，内容却不是有效的 UTF-8</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>the text is not GBK</source>
        <translation>文本不是 GBK 编码</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>the totals line &quot;#%1&quot; is not in Alipay&apos;s layout</source>
        <translation>合计行“#%1”不符合支付宝的格式</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the totals line &quot;#%1&quot; holds an amount that is not one</source>
        <translation>合计行“#%1”中有无效的金额</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>%1 fields where the header has %2; the row is cut short or broken</source>
        <translation>该行有 %1 个字段，而表头有 %2 列；该行不完整或已损坏</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&quot;%1&quot; is neither 交易 nor 退款</source>
        <translation>“%1”既不是“交易”也不是“退款”</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+2"/>
        <source>empty</source>
        <translation>为空</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>a trade&apos;s amount cannot be negative</source>
        <translation>订单金额不能为负数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a refund row must be negative</source>
        <translation>退款行的金额应为负数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a payment row cannot be negative</source>
        <translation>交易行的金额不能为负数</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>line %1, column %2 (%3)</source>
        <translation>第 %1 行第 %2 列（%3）</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>&quot;%1&quot; is not an amount</source>
        <translation>“%1”不是金额</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&quot;%1&quot; is not a time like 2026-11-26 12:30:00</source>
        <translation>“%1”不是 2026-11-26 12:30:00 这样的时间</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>CSV</source>
        <translation>CSV</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>an end marker without a column header before it</source>
        <translation>结束标记之前没有表头</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>a second start marker</source>
        <translation>出现了第二个开始标记</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a &apos;#&apos; line among the rows, before the end marker</source>
        <translation>明细行中（结束标记之前）出现了“#”开头的行</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>a #交易合计 line out of place</source>
        <translation>#交易合计 行的位置不对</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>a #退款合计 line out of place</source>
        <translation>#退款合计 行的位置不对</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>a row after the end marker</source>
        <translation>结束标记之后还有数据行</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>line %1, column %2</source>
        <translation>第 %1 行第 %2 列</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the column %1 appears twice</source>
        <translation>列“%1”出现了两次</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>the column header lacks %1; is this the detail file (业务明细) of a trade bill?</source>
        <translation>表头缺少 %1；这是对账单的业务明细文件吗？</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>the amounts add up to more than can be counted</source>
        <translation>金额合计过大，超出可计算的范围</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the file ends before its column header; it is not a trade bill or it was cut short</source>
        <translation>文件在表头之前就结束了；它不是对账单，或者文件不完整</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the file ends before its end marker (#---业务明细列表结束---); it was cut short</source>
        <translation>文件在结束标记（#---业务明细列表结束---）之前就结束了；文件不完整</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the file ends without its %1 line; it was cut short</source>
        <translation>文件末尾缺少 %1 行；文件不完整</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>it counts %1 payments, the rows hold %2</source>
        <translation>合计行为 %1 笔交易，明细行有 %2 笔</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>it sums the payments to %1, the rows to %2</source>
        <translation>合计行的商家实收为 %1，明细行合计为 %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>it sums the merchant discounts to %1, the rows to %2</source>
        <translation>合计行的商家优惠为 %1，明细行合计为 %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>it counts %1 refunds, the rows hold %2</source>
        <translation>合计行为 %1 笔退款，明细行有 %2 笔</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>it sums the refunds to %1, the rows to %2</source>
        <translation>合计行的商家实收退款为 %1，明细行合计为 %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>it sums the refunded merchant discounts to %1, the rows to %2</source>
        <translation>合计行的商家优惠退款为 %1，明细行合计为 %2</translation>
    </message>
</context>
<context>
    <name>TradeCancel</name>
    <message>
        <location filename="../core/alipay/api/TradeCancel.cpp" line="+24"/>
        <source>Alipay asks to send the cancel again</source>
        <translation>支付宝要求重新发送撤销请求</translation>
    </message>
</context>
<context>
    <name>TradeFields</name>
    <message>
        <location filename="../core/alipay/TradeFields.cpp" line="+33"/>
        <source>%1 is empty</source>
        <translation>%1 为空</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 is longer than 64 characters</source>
        <translation>%1 超过 64 个字符</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 may only hold letters, digits, &apos;_&apos; and &apos;-&apos;</source>
        <translation>%1 只能包含字母、数字、“_”和“-”</translation>
    </message>
    <message>
        <location line="+92"/>
        <source>&quot;%1&quot; is not a valid terminal id: 1 to %2 letters, digits or _.</source>
        <translation>“%1”不是有效的终端号：应为 1 到 %2 个字母、数字或 _。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>a payment code has 16 to 24 digits; scan the customer&apos;s Alipay code again</source>
        <translation>付款码为 16 到 24 位数字；请重新扫顾客的支付宝付款码</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a payment code has only digits; scan the customer&apos;s Alipay code again</source>
        <translation>付款码只含数字；请重新扫顾客的支付宝付款码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>this is not an Alipay payment code (they start with 25 to 30)</source>
        <translation>这不是支付宝付款码（支付宝付款码以 25 到 30 开头）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the order title (subject) is empty</source>
        <translation>订单标题为空</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the order title (subject) is longer than 256 characters</source>
        <translation>订单标题超过 256 个字符</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the order title (subject) holds a control character</source>
        <translation>订单标题含有控制字符</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the order title (subject) may not hold &apos;/&apos;, &apos;=&apos; or &apos;&amp;&apos;</source>
        <translation>订单标题不能包含“/”、“=”或“&amp;”</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>the bill date must be a day (yyyy-MM-dd) or a month (yyyy-MM)</source>
        <translation>账单日期应为某一天（yyyy-MM-dd）或某个月（yyyy-MM）</translation>
    </message>
</context>
<context>
    <name>TradePay</name>
    <message>
        <location filename="../core/alipay/api/TradePay.cpp" line="+53"/>
        <source>Alipay&apos;s answer names another amount</source>
        <translation>支付宝的应答中金额不一致</translation>
    </message>
</context>
<context>
    <name>TradePrecreate</name>
    <message>
        <location filename="../core/alipay/api/TradePrecreate.cpp" line="+37"/>
        <source>Alipay&apos;s answer has no usable qr_code</source>
        <translation>支付宝的应答中没有可用的二维码（qr_code）</translation>
    </message>
</context>
<context>
    <name>TradeQuery</name>
    <message>
        <location filename="../core/alipay/api/TradeQuery.cpp" line="+44"/>
        <source>Alipay&apos;s answer has an unknown trade_status</source>
        <translation>支付宝的应答中有未知的交易状态（trade_status）</translation>
    </message>
</context>
<context>
    <name>counterpay::alipay::GatewayClient</name>
    <message>
        <location filename="../core/alipay/GatewayClient.cpp" line="+106"/>
        <source>Alipay&apos;s gateway sent an answer larger than 1 MiB, which is not one of its answers; it was not read, and the request may have arrived</source>
        <translation>支付宝网关返回的应答超过 1 MiB，不是正常应答；未读取，请求可能已送达</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>could not reach Alipay&apos;s gateway in time; check the network</source>
        <translation>未能及时连上支付宝网关；请检查网络</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Alipay&apos;s gateway did not answer in time; the request may have arrived</source>
        <translation>支付宝网关未及时应答；请求可能已送达</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+11"/>
        <source>cannot connect to Alipay&apos;s gateway; check the network</source>
        <translation>无法连接支付宝网关；请检查网络</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>the secure connection to Alipay&apos;s gateway failed (certificate or clock)</source>
        <translation>与支付宝网关的安全连接失败（证书或时钟问题）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>the connection to Alipay&apos;s gateway broke after the request was sent; the request may have arrived</source>
        <translation>请求发出后与支付宝网关的连接中断；请求可能已送达</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Alipay&apos;s gateway timed out; the request may have arrived</source>
        <translation>支付宝网关超时；请求可能已送达</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Alipay&apos;s gateway answered with an HTTP error</source>
        <translation>支付宝网关返回了 HTTP 错误</translation>
    </message>
</context>
<context>
    <name>counterpay::alipay::GatewayProbe</name>
    <message>
        <location filename="../core/alipay/GatewayProbe.cpp" line="+27"/>
        <source>no answer</source>
        <translation>无应答</translation>
    </message>
</context>
<context>
    <name>counterpay::demo::DemoSandbox</name>
    <message>
        <location filename="../core/demo/DemoSandbox.cpp" line="+124"/>
        <source>The demo needs counterpay-sandbox, which is neither next to this program (%1) nor on PATH%2. Build it (cmake --build build --target counterpay-sandbox) or install it, or start CounterPay with --config FILE.</source>
        <translation>演示模式需要 counterpay-sandbox，但它既不在本程序旁边（%1），也不在 PATH 中%2。请编译（cmake --build build --target counterpay-sandbox）或安装它，或用 --config FILE 启动 CounterPay。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> nor in %1</source>
        <translation>，也不在 %1 中</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>The demo&apos;s sandbox is already running</source>
        <translation>演示沙箱已在运行</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>The demo needs counterpay-sandbox, and %1 is not a program</source>
        <translation>演示模式需要 counterpay-sandbox，而 %1 不是可执行程序</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Cannot create the demo&apos;s folder %1</source>
        <translation>无法创建演示文件夹 %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The demo&apos;s sandbox did not start</source>
        <translation>演示沙箱未能启动</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Another counterpay-sandbox (process %1) is already serving the demo&apos;s folder %2. Close the program that started it (another CounterPay?) and try again.</source>
        <translation>另一个 counterpay-sandbox（进程 %1）正在使用演示文件夹 %2。请关闭启动它的程序（另一个 CounterPay？）后重试。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>A demo sandbox left behind by an earlier run (process %1) serves %2 and cannot be stopped. Stop it and try again.</source>
        <translation>上次运行遗留的演示沙箱（进程 %1）正在使用 %2，且无法停止。请手动停止后重试。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Stopped a demo sandbox that an earlier run left behind (process %1).</source>
        <translation>已停止上次运行遗留的演示沙箱（进程 %1）。</translation>
    </message>
    <message>
        <location line="+21"/>
        <location line="+81"/>
        <source>Cannot run %1: %2</source>
        <translation>无法运行 %1：%2</translation>
    </message>
    <message>
        <location line="-67"/>
        <source>counterpay-sandbox could not create the demo&apos;s folder %1 (exit code %2): %3</source>
        <translation>counterpay-sandbox 无法创建演示文件夹 %1（退出码 %2）：%3</translation>
    </message>
    <message>
        <location line="+89"/>
        <source>counterpay-sandbox said &quot;%1&quot; instead of where it listens</source>
        <translation>counterpay-sandbox 没有报告监听地址，而是输出了“%1”</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>counterpay-sandbox did not start (exit code %1): %2</source>
        <translation>counterpay-sandbox 未能启动（退出码 %1）：%2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The demo&apos;s sandbox stopped unexpectedly (it crashed or was killed)</source>
        <translation>演示沙箱意外停止（崩溃或被终止）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The demo&apos;s sandbox stopped unexpectedly (exit code %1)</source>
        <translation>演示沙箱意外停止（退出码 %1）</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>counterpay-sandbox did not start within %1 s: %2</source>
        <translation>counterpay-sandbox 未能在 %1 秒内启动：%2</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+116"/>
        <location line="+74"/>
        <location line="+19"/>
        <source>The demo&apos;s sandbox is not running</source>
        <translation>演示沙箱未在运行</translation>
    </message>
    <message>
        <location line="-175"/>
        <source>The demo&apos;s sandbox did not stop within %1 s and was killed</source>
        <translation>演示沙箱未在 %1 秒内停止，已强制结束</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The demo&apos;s sandbox ended with an error: %1</source>
        <translation>演示沙箱出错退出：%1</translation>
    </message>
    <message>
        <location line="+102"/>
        <source>The sandbox refused: %1</source>
        <translation>沙箱拒绝了请求：%1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The demo&apos;s sandbox did not answer: %1</source>
        <translation>演示沙箱没有应答：%1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>This computer has no network address a phone could reach (no IPv4 address other than 127.0.0.1). Connect it to the shop&apos;s network or Wi-Fi and try again.</source>
        <translation>本机没有手机能访问的网络地址（除 127.0.0.1 外没有 IPv4 地址）。请连接店里的网络或 Wi-Fi 后重试。</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Anyone on this network can open the payment page and press Pay while this is on. Use it only for a demonstration.</source>
        <translation>开启期间，此网络上的任何人都能打开付款页面并点“付款”。仅限演示使用。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Phone mode</source>
        <translation>手机模式</translation>
    </message>
</context>
<context>
    <name>counterpay::payment::PaymentSession</name>
    <message>
        <location filename="../core/payment/PaymentSession.cpp" line="+99"/>
        <source>The order could not be recorded, so no payment was started: %1</source>
        <translation>订单无法记录，未发起收款：%1</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>resumed after a restart; its time had passed</source>
        <translation>重启后恢复；已超过付款时限</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Alipay notified payment (trade %1) while the cancel was under way; the cancel&apos;s answer decides</source>
        <translation>撤销进行中时收到支付宝付款通知（交易 %1）；以撤销结果为准</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>stopped by the cashier</source>
        <translation>收银员已停止收款</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the customer did not pay in time</source>
        <translation>顾客未在时限内付款</translation>
    </message>
    <message>
        <location line="+117"/>
        <source>no QR code could be obtained: %1</source>
        <translation>无法获取收款二维码：%1</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>waiting for the customer to confirm on the phone</source>
        <translation>等待顾客在手机上确认</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>scanned; waiting for the customer to pay</source>
        <translation>顾客已扫码；等待付款</translation>
    </message>
    <message>
        <location line="+43"/>
        <location line="+7"/>
        <source>The order was cancelled.</source>
        <translation>订单已撤销。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Alipay refused to cancel: %1</source>
        <translation>支付宝拒绝撤销：%1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the cancel did not get through (%1); it is retried at the next start</source>
        <translation>撤销未成功（%1）；下次启动时重试</translation>
    </message>
    <message>
        <location line="+18"/>
        <location line="+5"/>
        <source>The trade was closed at Alipay.</source>
        <translation>该交易已在支付宝关闭。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>closed at Alipay, but whether it was refunded could not be learnt (%1)</source>
        <translation>已在支付宝关闭，但无法得知是否已退款（%1）</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Alipay reports %1 paid for an order of %2</source>
        <translation>支付宝报告已付 %1，而订单金额为 %2</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Alipay reports it paid (trade %1), but the order book refused to record it: %2</source>
        <translation>支付宝报告已付款（交易 %1），但订单库拒绝记录：%2</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Paid, but the order book could not record it yet (%1); it is written as soon as it can be.</source>
        <translation>已到账，但订单库暂时无法记录（%1）；一旦可以就会写入。</translation>
    </message>
    <message>
        <location line="+81"/>
        <source>closed at Alipay after a refund</source>
        <translation>退款后已在支付宝关闭</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the customer had paid; the cancel refunded it</source>
        <translation>顾客已付款；撤销时已原路退回</translation>
    </message>
</context>
<context>
    <name>counterpay::payment::Recovery</name>
    <message>
        <location filename="../core/payment/Recovery.cpp" line="-169"/>
        <source>recorded without an app id; settle it by hand against Alipay&apos;s bill</source>
        <translation>记录时没有 APPID；请对照支付宝账单手工核对</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>belongs to app %1: run recover with that configuration</source>
        <translation>属于应用 %1：请用该应用的配置运行 recover</translation>
    </message>
    <message>
        <location line="+44"/>
        <location line="+13"/>
        <source>still unresolved: %1</source>
        <translation>仍未确认：%1</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>being handled by a live session (%1, process %2); left alone</source>
        <translation>正由进行中的会话处理（%1，进程 %2）；不作处理</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>the order is gone from the book</source>
        <translation>订单已不在订单库中</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>refund being handled by a live session; left alone</source>
        <translation>退款正由进行中的会话处理；不作处理</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>refund made</source>
        <translation>已退款</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>refund refused: %1</source>
        <translation>退款被拒绝：%1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>refund still unresolved: %1</source>
        <translation>退款仍未确认：%1</translation>
    </message>
</context>
<context>
    <name>counterpay::payment::RefundSession</name>
    <message>
        <location filename="../core/payment/RefundSession.cpp" line="+47"/>
        <source>the refunds would add up to more than the customer paid</source>
        <translation>累计退款将超过顾客实付金额</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Alipay has no payment for this order (is this the app that took it?)</source>
        <translation>支付宝没有这笔订单的付款（是否由本应用收款？）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the shop&apos;s Alipay balance is too low; top it up and refund again</source>
        <translation>商户支付宝余额不足；请充值后重新退款</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the payment can no longer be refunded through Alipay (it is closed, finished or too old)</source>
        <translation>这笔付款已无法通过支付宝退款（交易已关闭、已结束或时间太久）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the payment is frozen at Alipay</source>
        <translation>这笔付款在支付宝处于冻结状态</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Alipay already has a refund with this number for another amount</source>
        <translation>支付宝已有同一退款单号、但金额不同的退款</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the customer&apos;s Alipay account cannot receive the refund</source>
        <translation>顾客的支付宝账户无法接收退款</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Alipay refused the refund of %1 on order %2: %3.</source>
        <translation>支付宝拒绝了订单 %2 的 %1 退款：%3。</translation>
    </message>
    <message>
        <location line="+90"/>
        <source>Refund %1 had already failed.</source>
        <translation>退款 %1 此前已失败。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Order %1 belongs to app %2: refund it with that app&apos;s configuration.</source>
        <translation>订单 %1 属于应用 %2：请用该应用的配置退款。</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>already refunded earlier (fund_change=N)</source>
        <translation>此前已退款（fund_change=N）</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Alipay reports refund %1 as %2, but %3 was asked for; compare with Alipay&apos;s bill.</source>
        <translation>支付宝报告退款 %1 为 %2，而申请的是 %3；请对照支付宝账单。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>confirmed by a refund query</source>
        <translation>已通过退款查询确认</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Alipay would not say whether refund %1 was made: %2</source>
        <translation>支付宝未告知退款 %1 是否成功：%2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Alipay could not be asked whether refund %1 was made (%2); it is asked again at the next start.</source>
        <translation>无法向支付宝查询退款 %1 是否成功（%2）；下次启动时再查。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>refund %1 was sent %2 times without a clear answer and Alipay has no record of it; it is asked about again at the next start.</source>
        <translation>退款 %1 已发送 %2 次仍无明确答复，支付宝也没有记录；下次启动时再查。</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Alipay refunded %1 (refund %2), but its total disagrees with the order book: %3</source>
        <translation>支付宝已退款 %1（退款 %2），但累计金额与订单库不符：%3</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Alipay refunded %1 (refund %2), but the order book could not record it: %3</source>
        <translation>支付宝已退款 %1（退款 %2），但订单库无法记录：%3</translation>
    </message>
</context>
<context>
    <name>counterpay::payment::Till</name>
    <message>
        <location filename="../core/payment/Till.cpp" line="+53"/>
        <location line="+19"/>
        <source>The settings cannot be reloaded while a payment or a recovery is under way.</source>
        <translation>收款或核对进行中，无法重新加载设置。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A till needs an order book.</source>
        <translation>收银台需要订单库。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>This till was opened without its gateway; it cannot take payments.</source>
        <translation>此收银台打开时没有网关，无法收款。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A payment is already under way at this till; finish or stop it first.</source>
        <translation>此收银台已有收款在进行；请先完成或停止。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Today was closed by %1 at %2; no more payments can be taken until tomorrow.</source>
        <translation>今日已由 %1 于 %2 日结；明天才能继续收款。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 is not an amount Alipay can charge (0.01 to 100000000.00).</source>
        <translation>%1 不是支付宝可收款的金额（0.01 到 100000000.00）。</translation>
    </message>
    <message>
        <location line="+105"/>
        <source>This till was opened without its gateway; it cannot refund.</source>
        <translation>此收银台打开时没有网关，无法退款。</translation>
    </message>
    <message>
        <location line="-19"/>
        <source>Order %1 is being handled by another till (%2, process %3); try again when it is done.</source>
        <translation>订单 %1 正由另一台收银机处理（%2，进程 %3）；请等它处理完再试。</translation>
    </message>
    <message>
        <location line="+101"/>
        <source>The notification is for seller %1, not this store&apos;s %2.</source>
        <translation>通知属于卖家 %1，不是本店的 %2。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The notification has no notify_id.</source>
        <translation>通知中没有 notify_id。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>There is no order %1 in this order book.</source>
        <translation>订单库中没有订单 %1。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Order %1 belongs to app %2, not to %3.</source>
        <translation>订单 %1 属于应用 %2，不属于 %3。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The notification says %1 for order %2 of %3.</source>
        <translation>通知中的金额为 %1，而订单 %2 的金额为 %3。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Alipay notified payment (trade %1) while the cancel was under way; the cancel&apos;s answer decides</source>
        <translation>撤销进行中时收到支付宝付款通知（交易 %1）；以撤销结果为准</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Alipay notified payment (trade %1) of an order already %2</source>
        <translation>支付宝通知付款（交易 %1），但订单已是 %2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Alipay notified payment (trade %1); the order is being handled by %2, process %3</source>
        <translation>支付宝通知付款（交易 %1）；订单正由 %2（进程 %3）处理</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>paid, by Alipay&apos;s notification</source>
        <translation>已到账（支付宝通知）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Alipay notified payment (trade %1) of an order whose cancel may be under way; recovery settles it</source>
        <translation>支付宝通知付款（交易 %1），但该订单可能正在撤销；将由核对程序处理</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Reconciling needs the gateway&apos;s settings; this till has none loaded.</source>
        <translation>对账需要网关设置；此收银台未加载网关设置。</translation>
    </message>
    <message>
        <location line="+17"/>
        <location line="+7"/>
        <location line="+7"/>
        <location line="+7"/>
        <location line="+7"/>
        <location line="+31"/>
        <location line="+7"/>
        <location line="+9"/>
        <location line="+13"/>
        <location line="+7"/>
        <location line="+8"/>
        <location line="+7"/>
        <location line="+34"/>
        <source>No counter is loaded.</source>
        <translation>未加载收银台配置。</translation>
    </message>
    <message>
        <location line="-114"/>
        <source>A payment is under way; sign in when it has ended.</source>
        <translation>正在收款；请等收款结束后再登录。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Nobody is signed in at this counter.</source>
        <translation>此收银台没有人登录。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A payment is under way; hand over when it has ended.</source>
        <translation>正在收款；请等收款结束后再交班。</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>A payment is under way; close the day when it has ended.</source>
        <translation>正在收款；请等收款结束后再日结。</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Say what was checked before marking the order resolved.</source>
        <translation>标记订单为已处理前，请写明核查了什么。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>There is no order %1.</source>
        <translation>没有订单 %1。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Order %1 is not waiting for a manager (%2).</source>
        <translation>订单 %1 不需要经理处理（%2）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Order %1 belongs to app %2; resolve it with that app&apos;s counter.</source>
        <translation>订单 %1 属于应用 %2；请在使用该应用的收银台上处理。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Order %1 is being checked with Alipay right now; wait for the answer.</source>
        <translation>订单 %1 正在向支付宝核对；请等待结果。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Resolved by hand by %1: %2</source>
        <translation>由 %1 手工处理：%2</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Order recorded</source>
        <translation>订单已创建</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ask the customer to scan</source>
        <translation>请顾客扫码</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Scanned, waiting for payment</source>
        <translation>顾客已扫码，等待付款</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Paid</source>
        <translation>已到账</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancelling</source>
        <translation>正在撤销</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not paid, order closed</source>
        <translation>未支付，订单已关闭</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Payment failed</source>
        <translation>支付失败</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Outcome not confirmed; checked again later</source>
        <translation>结果未确认，稍后自动核对</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Partly refunded</source>
        <translation>部分退款</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refunded</source>
        <translation>已全额退款</translation>
    </message>
</context>
<context>
    <name>counterpay::receipt::ReceiptSink</name>
    <message>
        <location filename="../core/receipt/ReceiptSink.cpp" line="+30"/>
        <source>The printer %1 cannot be reached: %2</source>
        <translation>无法连接打印机 %1：%2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The printer %1 did not take the receipt within %2 s</source>
        <translation>打印机 %1 未在 %2 秒内接收小票</translation>
    </message>
    <message>
        <location line="+82"/>
        <source>the connection closed before the whole receipt was sent</source>
        <translation>小票尚未发送完，连接就已关闭</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>The receipt file %1 cannot be written: %2</source>
        <translation>无法写入小票文件 %1：%2</translation>
    </message>
    <message>
        <location line="+25"/>
        <location line="+13"/>
        <source>The receipt could not be written to %1: %2</source>
        <translation>无法将小票写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>counterpay::reconcile::BillDownloader</name>
    <message>
        <location filename="../core/reconcile/BillDownloader.cpp" line="+55"/>
        <source>Alipay&apos;s bill link is not one CounterPay fetches (https, or http to this machine only)</source>
        <translation>支付宝的账单下载地址不在 CounterPay 允许访问的范围内（仅限 https，或指向本机的 http）</translation>
    </message>
    <message>
        <location line="+55"/>
        <location line="+31"/>
        <source>The bill Alipay&apos;s link serves is larger than %1 bytes; it was not read</source>
        <translation>支付宝下载地址提供的对账单超过 %1 字节；未读取</translation>
    </message>
    <message>
        <location line="-26"/>
        <source>Alipay&apos;s bill link redirected to a place CounterPay does not fetch from</source>
        <translation>支付宝的账单下载地址重定向到了 CounterPay 不允许访问的地址</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The bill did not arrive within %1 seconds; reconcile again</source>
        <translation>对账单未在 %1 秒内下载完成；请重新对账</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The bill could not be fetched; check the network</source>
        <translation>无法下载对账单；请检查网络</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Alipay&apos;s bill link had expired before the bill was fetched; reconcile again</source>
        <translation>对账单下载完成前，支付宝的账单下载地址已过期；请重新对账</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alipay&apos;s bill link answered with an HTTP error</source>
        <translation>支付宝的账单下载地址返回了 HTTP 错误</translation>
    </message>
</context>
<context>
    <name>counterpay::reconcile::BillSource</name>
    <message>
        <location filename="../core/reconcile/BillSource.cpp" line="+22"/>
        <source>The day to reconcile is not a valid date.</source>
        <translation>要对账的日期无效。</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Alipay sent the bill of another day (from %1) for %2</source>
        <translation>支付宝为 %2 发来的是另一天的对账单（起始于 %1）</translation>
    </message>
</context>
<context>
    <name>counterpay::setup::LiveCheck</name>
    <message>
        <location filename="../core/setup/LiveCheck.cpp" line="+133"/>
        <source>this computer&apos;s clock is %1 minutes off (ahead of Alipay&apos;s); set the right time (turn on network time, NTP) and check again</source>
        <translation>本机时钟与支付宝相差 %1 分钟（比支付宝快）；请校准时间（开启网络时间同步 NTP）后重新检查</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>this computer&apos;s clock is %1 minutes off (behind Alipay&apos;s); set the right time (turn on network time, NTP) and check again</source>
        <translation>本机时钟与支付宝相差 %1 分钟（比支付宝慢）；请校准时间（开启网络时间同步 NTP）后重新检查</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Alipay refused the time of our request: this computer&apos;s clock (or its time zone) is off by more than Alipay allows; set the right time (turn on network time, NTP) and check again</source>
        <translation>支付宝拒绝了请求中的时间：本机时钟（或时区）偏差超出支付宝允许的范围；请校准时间（开启网络时间同步 NTP）后重新检查</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the app certificate Alipay holds does not match this private key: in Alipay&apos;s console, upload a certificate request made from this key (its public key is %1) and use the certificates Alipay issues</source>
        <translation>支付宝登记的应用公钥证书与此私钥不匹配：请在支付宝开放平台上传用此私钥生成的证书请求（CSR，其公钥为 %1），并使用支付宝签发的证书</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the app public key uploaded to Alipay&apos;s console does not match this private key: upload %1</source>
        <translation>上传到支付宝开放平台的应用公钥与此私钥不匹配：请上传 %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Alipay&apos;s gateway %1 does not know the app id %2: copy the APPID again from Alipay&apos;s console and check that the app is online; a sandbox app id works only with Alipay&apos;s sandbox gateway</source>
        <translation>支付宝网关 %1 找不到 APPID %2：请从支付宝开放平台重新复制 APPID，并确认应用已上线；沙箱 APPID 只能用于支付宝沙箱网关</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>keys and app id accepted: Alipay took this app&apos;s signature, and its signed answer verified with the Alipay %1 here</source>
        <translation>密钥和 APPID 均已通过：支付宝接受了本应用的签名，其签名应答也已用本机的支付宝%1验证通过</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>certificate</source>
        <translation>公钥证书</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>public key</source>
        <translation>公钥</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Alipay&apos;s gateway is busy (%1 %2); check again in a minute</source>
        <translation>支付宝网关繁忙（%1 %2）；请过一分钟再检查</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Alipay&apos;s gateway answered %1 %2: %3</source>
        <translation>支付宝网关返回 %1 %2：%3</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>cannot reach Alipay&apos;s gateway %1 (%2): check the network (a proxy or firewall too) and the gateway URL</source>
        <translation>无法连接支付宝网关 %1（%2）：请检查网络（包括代理和防火墙）以及网关地址</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the Alipay certificate here is not the one that signed the reply: download Alipay&apos;s certificate (alipayCertPublicKey_RSA2.crt) and root certificate again for this app id</source>
        <translation>本机的支付宝公钥证书不是签署应答的那一份：请为此 APPID 重新下载支付宝公钥证书（alipayCertPublicKey_RSA2.crt）和支付宝根证书</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the Alipay public key here is not the one that signed the reply: copy Alipay&apos;s public key (支付宝公钥, not the app&apos;s own) again from Alipay&apos;s console for this app id</source>
        <translation>本机的支付宝公钥不是签署应答的那一个：请从支付宝开放平台为此 APPID 重新复制支付宝公钥（不是应用自己的公钥）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Alipay&apos;s gateway %1 gave no usable answer: %2 (%3)</source>
        <translation>支付宝网关 %1 没有返回可用的应答：%2（%3）</translation>
    </message>
</context>
<context>
    <name>counterpay::ui::AlipayKeyPage</name>
    <message>
        <location filename="../ui/setup/AlipayKeyPage.cpp" line="+16"/>
        <location line="+18"/>
        <source>Alipay&apos;s public key</source>
        <translation>支付宝公钥</translation>
    </message>
    <message>
        <location line="-17"/>
        <source>Paste the key Alipay&apos;s console shows as 支付宝公钥 here, not the app&apos;s own.</source>
        <translation>在这里粘贴支付宝开放平台显示的支付宝公钥，不是应用自己的公钥。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Alipay&apos;s public key (支付宝公钥)</source>
        <translation>支付宝公钥</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA… (paste it here)</source>
        <translation>MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA…（粘贴到这里）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>From a file…</source>
        <translation>从文件读取…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Keys (*.pem *.txt *.crt);;All files (*)</source>
        <translation>密钥 (*.pem *.txt *.crt);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cannot read %1.</source>
        <translation>无法读取 %1。</translation>
    </message>
</context>
<context>
    <name>counterpay::ui::AmountDisplay</name>
    <message>
        <location filename="../ui/cashier/AmountDisplay.cpp" line="+12"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
</context>
<context>
    <name>counterpay::ui::AppKeyPage</name>
    <message>
        <location filename="../ui/setup/AppKeyPage.cpp" line="+25"/>
        <source>The app&apos;s key pair</source>
        <translation>应用密钥对</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Make a new key pair here, or import the private key Alipay&apos;s key tool made (应用私钥).</source>
        <translation>在这里生成新的密钥对，或导入支付宝密钥工具生成的应用私钥。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Make a new key pair</source>
        <translation>生成新的密钥对</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Import a private key file…</source>
        <translation>导入私钥文件…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The app&apos;s public key (应用公钥)</source>
        <translation>应用公钥</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Copy the public key</source>
        <translation>复制公钥</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>The app&apos;s private key</source>
        <translation>应用私钥</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keys (*.pem *.txt *.key);;All files (*)</source>
        <translation>密钥 (*.pem *.txt *.key);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>✓ Copied: paste it into Alipay&apos;s console as the app&apos;s public key (应用公钥).</source>
        <translation>✓ 已复制：请在支付宝开放平台粘贴为应用公钥。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>A new key pair, made on this computer. Its private key never leaves it. Give Alipay the public key below: in Alipay&apos;s console, 开发设置 → 接口加签方式 → 公钥, paste it as 应用公钥.</source>
        <translation>新的密钥对已在本机生成，私钥不会离开这台电脑。请把下面的公钥交给支付宝：在开放平台「开发设置 → 接口加签方式 → 公钥」中粘贴为应用公钥。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Cannot read %1.</source>
        <translation>无法读取 %1。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Imported from %1. Alipay must hold this public key (应用公钥) for the app.</source>
        <translation>已从 %1 导入。支付宝开放平台上的应用公钥必须与它对应。</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Make a key pair or import one.</source>
        <translation>请生成或导入一个密钥对。</translation>
    </message>
</context>
<context>
    <name>counterpay::ui::BackupSettingsPage</name>
    <message>
        <location filename="../ui/settings/BackupSettingsPage.cpp" line="+12"/>
        <source>Backup folder (empty: beside the order book)</source>
        <translation>备份文件夹（留空：订单库旁边）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy every (minutes)</source>
        <translation>备份间隔（分钟）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>0: no automatic copies</source>
        <translation>0：不自动备份</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep hourly copies</source>
        <translation>保留每小时备份数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep daily copies</source>
        <translation>保留每日备份数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep weekly copies</source>
        <translation>保留每周备份数</translation>
    </message>
    <message>
        <location filename="../ui/settings/BackupSettingsPage.h" line="+14"/>
        <source>Backups</source>
        <translation>备份</translation>
    </message>
</context>
<context>
    <name>counterpay::ui::CashierWindow</name>
    <message>
        <location filename="../ui/cashier/CashierWindow.cpp" line="+51"/>
        <source>CounterPay — Alipay cashier</source>
        <translation>CounterPay — 支付宝收银</translation>
    </message>
    <message>
        <location line="+158"/>
        <source>The customer is confirming on the phone</source>
        <translation>顾客正在手机上确认</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scanned, waiting for payment</source>
        <translation>顾客已扫码，等待付款</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Ask the customer to scan</source>
        <translation>请顾客扫码</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Connection trouble, still trying (the order is kept): %1</source>
        <translation>网络异常，正在重试（订单已保存）：%1</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+19"/>
        <source>Alipay trade no. %1</source>
        <translation>支付宝交易号 %1</translation>
    </message>
    <message>
        <location line="-17"/>
        <source>Buyer %1</source>
        <translation>付款账号 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Order no. %1</source>
        <translation>商户订单号 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paid</source>
        <translation>已到账</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Payment failed: %1</source>
        <translation>支付失败：%1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Not paid, order closed</source>
        <translation>未支付，订单已关闭</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The customer had paid; refunded</source>
        <translation>顾客已付款，已原路退回</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The money went back to the customer&apos;s account.</source>
        <translation>款项已原路退回顾客账户。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Outcome not confirmed; checked again later</source>
        <translation>结果未确认，稍后自动核对</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Do not charge again until it is settled: see today&apos;s orders (F4).</source>
        <translation>核对清楚之前请勿重复收款：见今日订单（F4）。</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>The receipt was not printed: %1. Press F3 to print it again.</source>
        <translation>小票未打印：%1。按 F3 重新打印。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Finish the payment first: its QR code points at this computer only.</source>
        <translation>请先完成当前收款：它的二维码只指向本机。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Let a phone play the customer?</source>
        <translation>让手机扮演顾客？</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Phone mode is on: a phone on this network that scans the QR code opens %1 and can press 付款 (Pay). F9 turns it off.</source>
        <translation>手机模式已开启：同一网络中的手机扫码后会打开 %1，可点“付款”。按 F9 关闭。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Phone mode is off: the payment pages answer this computer only.</source>
        <translation>手机模式已关闭：付款页面只响应本机。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No receipt printer is set up ([receipt] printer in the configuration).</source>
        <translation>没有设置小票打印机（配置中 [receipt] 的 printer）。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>No paid order today to print a receipt for.</source>
        <translation>今天没有可打印小票的已支付订单。</translation>
    </message>
    <message>
        <location line="+101"/>
        <source>This is a WeChat payment code, not an Alipay one: ask for the Alipay 付款码.</source>
        <translation>这是微信付款码，不是支付宝的：请顾客出示支付宝付款码。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This is a UnionPay code, not an Alipay one: ask for the Alipay 付款码.</source>
        <translation>这是银联码，不是支付宝的：请顾客出示支付宝付款码。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This is not an Alipay payment code; scan it again or ask for the Alipay 付款码.</source>
        <translation>这不是支付宝付款码；请重新扫码，或请顾客出示支付宝付款码。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Type the amount first, then scan the payment code.</source>
        <translation>请先输入金额，再扫付款码。</translation>
    </message>
    <message>
        <location line="+120"/>
        <source>Orders left open by an earlier run were checked with Alipay: %1 settled, %2 still unresolved.</source>
        <translation>上次运行遗留的未完成订单已向支付宝核对：%1 笔已确认，%2 笔仍未确认。</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%n turned out paid.</source>
        <translation>
            <numerusform>其中 %n 笔实际已到账。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n belong(s) to another Alipay app and were left alone.</source>
        <translation>
            <numerusform>%n 笔属于另一个支付宝应用，未作处理。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Orders checked at start</source>
        <translation>启动时的订单核对</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Business day %1 was not closed: close it under F5 Manager, Day close.</source>
        <translation>营业日 %1 还没有日结：请按 F5 经理，在“日结”页完成。</translation>
    </message>
</context>
<context>
    <name>counterpay::ui::CertificatesPage</name>
    <message>
        <location filename="../ui/setup/CertificatesPage.cpp" line="+34"/>
        <source>The three certificates</source>
        <translation>三个证书</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Download them together from Alipay&apos;s console (开发设置 → 接口加签方式 → 公钥证书).</source>
        <translation>请在支付宝开放平台一起下载（开发设置 → 接口加签方式 → 公钥证书）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>App certificate (appCertPublicKey….crt)</source>
        <translation>应用公钥证书 (appCertPublicKey….crt)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alipay&apos;s certificate (alipayCertPublicKey_RSA2.crt)</source>
        <translation>支付宝公钥证书 (alipayCertPublicKey_RSA2.crt)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alipay&apos;s root certificate (alipayRootCert.crt)</source>
        <translation>支付宝根证书 (alipayRootCert.crt)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Certificates (*.crt *.pem *.cer);;All files (*)</source>
        <translation>证书 (*.crt *.pem *.cer);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Cannot read %1: choose the file again.</source>
        <translation>无法读取 %1：请重新选择文件。</translation>
    </message>
</context>
<context>
    <name>counterpay::ui::CounterPage</name>
    <message>
        <location filename="../ui/setup/CounterPage.cpp" line="+13"/>
        <source>The store and this counter</source>
        <translation>门店和本收银台</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customers see the store&apos;s title in Alipay; the terminal id starts every order number here.</source>
        <translation>顾客在支付宝里看到门店名称；终端号是本收银台每个订单号的开头。</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+7"/>
        <source>Store title</source>
        <translation>门店名称</translation>
    </message>
    <message>
        <location line="-3"/>
        <location line="+4"/>
        <source>Terminal id</source>
        <translation>终端号</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>1 to 32 letters, digits or &apos;_&apos;</source>
        <translation>1 到 32 个字母、数字或 &apos;_&apos;</translation>
    </message>
</context>
<context>
    <name>counterpay::ui::CounterSettingsPage</name>
    <message>
        <location filename="../ui/settings/CounterSettingsPage.cpp" line="+12"/>
        <source>Store title</source>
        <translation>门店名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the order title customers see in Alipay</source>
        <translation>顾客在支付宝里看到的订单标题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Terminal id</source>
        <translation>终端号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1 to 32 letters, digits or &apos;_&apos;</source>
        <translation>1 到 32 个字母、数字或 &apos;_&apos;</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cashier id (operator_id)</source>
        <translation>收银员编号 (operator_id)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Store id</source>
        <translation>门店编号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Order book (empty: the app&apos;s data folder)</source>
        <translation>订单库（留空：应用数据文件夹）</translation>
    </message>
    <message>
        <location filename="../ui/settings/CounterSettingsPage.h" line="+14"/>
        <source>Counter</source>
        <translation>收银台</translation>
    </message>
</context>
<context>
    <name>counterpay::ui::CustomerDisplay</name>
    <message>
        <location filename="../ui/customer/CustomerDisplay.cpp" line="+21"/>
        <source>CounterPay — customer display</source>
        <translation>CounterPay — 顾客显示屏</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Amount to pay</source>
        <translation>应付金额</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show your Alipay payment code to the cashier</source>
        <translation>请向收银员出示支付宝付款码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One moment…</source>
        <translation>请稍候…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Confirm the payment on your phone</source>
        <translation>请在手机上确认付款</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Scan with Alipay to pay</source>
        <translation>请用支付宝扫码付款</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Paid, thank you</source>
        <translation>支付成功，谢谢惠顾</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Not paid</source>
        <translation>未支付</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The payment was returned to your account</source>
        <translation>款项已原路退回您的账户</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Please wait for the cashier</source>
        <translation>请稍候，等待收银员处理</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Welcome</source>
        <translation>欢迎光临</translation>
    </message>
</context>
<context>
    <name>counterpay::ui::DayClosePage</name>
    <message>
        <location filename="../ui/manager/DayClosePage.cpp" line="+43"/>
        <location line="+27"/>
        <source>Business day</source>
        <translation>营业日</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>Payments</source>
        <translation>收款笔数</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Taken</source>
        <translation>收款金额</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Not paid</source>
        <translation>未支付</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Still open</source>
        <translation>未完结</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Refunds</source>
        <translation>退款笔数</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Refunded</source>
        <translation>退款金额</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Net</source>
        <translation>净收款</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>QR code</source>
        <translation>顾客扫码</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Payment code</source>
        <translation>付款码</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>All</source>
        <translation>合计</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Close the day (manager&apos;s PIN)</source>
        <translation>日结（需经理 PIN 码）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export CSV (manager&apos;s PIN)</source>
        <translation>导出 CSV（需经理 PIN 码）</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Printed to %1</source>
        <translation>已打印到 %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Export the day</source>
        <translation>导出当日数据</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CSV (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Exported to %1</source>
        <translation>已导出到 %1</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>No orders on this day.</source>
        <translation>当天没有订单。</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n order(s) created, numbers %1 to %2.</source>
        <translation>
            <numerusform>共创建 %n 笔订单，订单号 %1 至 %2。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Closed by %1 at %2. No more payments are taken on this day.</source>
        <translation>已由 %1 于 %2 日结。当天不再收款。</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>Open. %n order(s) of this day are not settled yet: look at them in Orders before closing.</source>
        <translation>
            <numerusform>未日结。当天有 %n 笔订单尚未完结：日结前请到“订单”页查看。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Open. Net ¥ %1 so far.</source>
        <translation>未日结。目前净收款 ¥ %1。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Close business day %1</source>
        <translation>日结营业日 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not closed: a manager&apos;s approval is needed.</source>
        <translation>未日结：需要经理批准。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>There are no figures to print.</source>
        <translation>没有可打印的数据。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Day report %1</source>
        <translation>日报表 %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>There are no figures to export.</source>
        <translation>没有可导出的数据。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export business day %1</source>
        <translation>导出营业日 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not exported: a manager&apos;s approval is needed.</source>
        <translation>未导出：需要经理批准。</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+3"/>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>counterpay::ui::DisplaySettingsPage</name>
    <message>
        <location filename="../ui/settings/DisplaySettingsPage.cpp" line="+13"/>
        <source>Customer display on a second screen</source>
        <translation>第二块屏幕显示顾客屏</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The system&apos;s</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Lock an idle counter after (minutes)</source>
        <translation>空闲多久后锁定（分钟）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>0 to 240; 0: only F12 locks</source>
        <translation>0 到 240；0：只用 F12 锁定</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The language and the customer display change when CounterPay next starts.</source>
        <translation>语言和顾客显示屏在下次启动 CounterPay 时生效。</translation>
    </message>
    <message>
        <location filename="../ui/settings/DisplaySettingsPage.h" line="+14"/>
        <source>Screens and language</source>
        <translation>屏幕和语言</translation>
    </message>
</context>
<context>
    <name>counterpay::ui::EntryPage</name>
    <message>
        <location filename="../ui/cashier/EntryPage.cpp" line="+33"/>
        <source>Amount to charge</source>
        <translation>收款金额</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Note: the order&apos;s title the customer sees (optional)</source>
        <translation>备注：顾客看到的订单标题（可不填）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>F2  QR code / payment code</source>
        <translation>F2  扫码 / 付款码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>F3  Reprint last receipt</source>
        <translation>F3  补打小票</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>F4  Today&apos;s orders</source>
        <translation>F4  今日订单</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>F5  Manager</source>
        <translation>F5  经理</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>F12  Lock</source>
        <translation>F12  锁屏</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+47"/>
        <source>F9  A phone plays the customer</source>
        <translation>F9  手机扮演顾客</translation>
    </message>
    <message>
        <location line="-42"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>The customer shows a payment code: press Enter, then scan it</source>
        <translation>顾客出示付款码：按 Enter 后扫码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The customer scans a QR code: press Enter to show it</source>
        <translation>顾客扫码付款：按 Enter 显示二维码</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>F9  Phone mode: on</source>
        <translation>F9  手机模式：开</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Note (optional). Without one the order is titled &quot;%1&quot;</source>
        <translation>备注（可不填）。不填时订单标题为“%1”</translation>
    </message>
</context>
<context>
    <name>counterpay::ui::FeedbackSettingsPage</name>
    <message>
        <location filename="../ui/settings/FeedbackSettingsPage.cpp" line="+12"/>
        <source>A chime when paid, a low double beep when not</source>
        <translation>到账时响铃，未付款时低音两声</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Say the amount received (when a voice is installed)</source>
        <translation>播报到账金额（已安装语音时）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Voice language</source>
        <translation>播报语言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>English (US)</source>
        <translation>英语（美国）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>English (UK)</source>
        <translation>英语（英国）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Volume (0 to 100)</source>
        <translation>音量（0 到 100）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>empty: the system&apos;s volume</source>
        <translation>留空：系统音量</translation>
    </message>
    <message>
        <location filename="../ui/settings/FeedbackSettingsPage.h" line="+14"/>
        <source>Sounds and voice</source>
        <translation>声音和播报</translation>
    </message>
</context>
<context>
    <name>counterpay::ui::FirstRunDialog</name>
    <message>
        <location filename="../ui/setup/FirstRunDialog.cpp" line="+21"/>
        <source>Welcome to CounterPay</source>
        <translation>欢迎使用 CounterPay</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This computer has no counter set up yet. Try the demo first: a pretend Alipay runs on this computer and no real money moves. When you have your app id and keys from Alipay&apos;s console, set up the counter for real payments.</source>
        <translation>这台电脑还没有设置收银台。可以先试用演示：本机运行一个模拟的支付宝，不涉及真实资金。拿到支付宝开放平台的 APPID 和密钥后，再设置真实收款。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Try the demo</source>
        <translation>试用演示</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Set up for real payments…</source>
        <translation>设置真实收款…</translation>
    </message>
</context>
<context>
    <name>counterpay::ui::GatewayPage</name>
    <message>
        <location filename="../ui/setup/GatewayPage.cpp" line="+20"/>
        <source>Which Alipay?</source>
        <translation>连接哪个支付宝？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The gateway this counter pays through, and your app&apos;s id from Alipay&apos;s console (开放平台).</source>
        <translation>本收银台收款所用的网关，以及支付宝开放平台上应用的 APPID。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alipay: real payments</source>
        <translation>支付宝：真实收款</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Alipay&apos;s sandbox (沙箱): no real money</source>
        <translation>支付宝沙箱：不涉及真实资金</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Another gateway:</source>
        <translation>其他网关：</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Gateway address</source>
        <translation>网关地址</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+12"/>
        <source>App id (APPID)</source>
        <translation>应用 APPID</translation>
    </message>
</context>
<context>
    <name>counterpay::ui::GatewaySettingsPage</name>
    <message>
        <location filename="../ui/settings/GatewaySettingsPage.cpp" line="+15"/>
        <source>Gateway address</source>
        <translation>网关地址</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Alipay (real payments)</source>
        <translation>支付宝（真实收款）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alipay&apos;s sandbox</source>
        <translation>支付宝沙箱</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>App id (APPID)</source>
        <translation>应用 APPID</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Key mode</source>
        <translation>加签方式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Public key (公钥)</source>
        <translation>公钥</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Certificate (公钥证书)</source>
        <translation>公钥证书</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>App private key</source>
        <translation>应用私钥</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alipay&apos;s public key</source>
        <translation>支付宝公钥</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>App certificate</source>
        <translation>应用公钥证书</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alipay&apos;s certificate</source>
        <translation>支付宝公钥证书</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alipay&apos;s root certificate</source>
        <translation>支付宝根证书</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Content encryption key (optional)</source>
        <translation>接口内容加密密钥（可选）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notification address (optional)</source>
        <translation>异步通知地址（可选）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connect timeout (ms)</source>
        <translation>连接超时（毫秒）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answer timeout (ms)</source>
        <translation>应答超时（毫秒）</translation>
    </message>
    <message>
        <location filename="../ui/settings/GatewaySettingsPage.h" line="+15"/>
        <source>Gateway and keys</source>
        <translation>网关和密钥</translation>
    </message>
</context>
<context>
    <name>counterpay::ui::HourlyChart</name>
    <message>
        <location filename="../ui/manager/HourlyChart.cpp" line="+50"/>
        <source>Hour (China time)</source>
        <translation>时段（北京时间）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Taken (¥)</source>
        <translation>收款金额（¥）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Money taken per hour</source>
        <translation>每小时收款金额</translation>
    </message>
</context>
<context>
    <name>counterpay::ui::KeyModePage</name>
    <message>
        <location filename="../ui/setup/KeyModePage.cpp" line="+13"/>
        <source>How does the app sign?</source>
        <translation>应用用哪种方式加签？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>As your app is set in Alipay&apos;s console, under 开发设置 → 接口加签方式.</source>
        <translation>与支付宝开放平台「开发设置 → 接口加签方式」中的设置一致。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Public key (公钥): you give Alipay the app&apos;s public key, Alipay gives you its public key</source>
        <translation>公钥：你把应用公钥交给支付宝，支付宝给你支付宝公钥</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Certificate (公钥证书): three certificate files from Alipay&apos;s console</source>
        <translation>公钥证书：从支付宝开放平台下载的三个证书文件</translation>
    </message>
</context>
<context>
    <name>counterpay::ui::KeyStoragePage</name>
    <message>
        <location filename="../ui/setup/KeyStoragePage.cpp" line="+16"/>
        <source>Keeping the private key</source>
        <translation>保管应用私钥</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Whoever has the app&apos;s private key can take payments as your store: it is never kept in plain text.</source>
        <translation>拿到应用私钥的人就能以你的门店名义收款：私钥绝不以明文保存。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>In this computer&apos;s keychain (opens with your login)</source>
        <translation>存入本机密钥环（登录系统时解锁）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>In a file locked with a passphrase (asked when the app starts)</source>
        <translation>存入用口令加密的文件（启动时输入口令）</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+7"/>
        <source>Passphrase</source>
        <translation>口令</translation>
    </message>
    <message>
        <location line="-3"/>
        <location line="+4"/>
        <source>Passphrase again</source>
        <translation>再次输入口令</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>No keychain answers on this computer (GNOME Keyring or KWallet): the key goes into a file locked with a passphrase.</source>
        <translation>本机没有可用的密钥环（GNOME Keyring 或 KWallet）：私钥将存入用口令加密的文件。</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>The passphrase needs at least %1 characters.</source>
        <translation>口令至少需要 %1 个字符。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The two passphrases differ: type the same passphrase twice.</source>
        <translation>两次输入的口令不一致：请输入两次相同的口令。</translation>
    </message>
</context>
<context>
    <name>counterpay::ui::Keypad</name>
    <message>
        <location filename="../ui/cashier/Keypad.cpp" line="+13"/>
        <source>Keypad</source>
        <translation>数字键盘</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Decimal point</source>
        <translation>小数点</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Delete last digit</source>
        <translation>删除最后一位</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Clear (Del)</source>
        <translation>清除 (Del)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Clear the amount</source>
        <translation>清除金额</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Charge (Enter)</source>
        <translation>收款 (Enter)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Charge this amount</source>
        <translation>收取此金额</translation>
    </message>
</context>
<context>
    <name>counterpay::ui::LiveCheckPage</name>
    <message>
        <location filename="../ui/setup/LiveCheckPage.cpp" line="+23"/>
        <source>Checking with Alipay</source>
        <translation>向支付宝核验</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A query for a made-up order, signed with the app&apos;s key: it shows whether the gateway takes the keys and the app id. No money moves.</source>
        <translation>用应用私钥签名查询一个虚构的订单，看网关是否接受密钥和 APPID。不涉及资金。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Check again</source>
        <translation>重新核验</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Save anyway: the gateway could not be reached from here, so the keys and the app id are NOT checked. Payments fail until they are right.</source>
        <translation>仍然保存：从这里连不上网关，密钥和 APPID 都没有核验。在它们正确之前收款会失败。</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Asking the gateway…</source>
        <translation>正在询问网关…</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Save and start: the counter is saved and the app starts taking payments.</source>
        <translation>点「保存并开始」：保存收银台设置，开始收款。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Keys and app id accepted</source>
        <translation>密钥和 APPID 已通过</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Alipay holds another app public key</source>
        <translation>支付宝上登记的是另一个应用公钥</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The gateway does not know this app id</source>
        <translation>网关不认识这个 APPID</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This computer&apos;s clock is off</source>
        <translation>本机时间不准</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The gateway could not be reached</source>
        <translation>连不上网关</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The answer is not signed by the Alipay key given here</source>
        <translation>应答的签名与这里填写的支付宝公钥不符</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The gateway refused</source>
        <translation>网关拒绝了请求</translation>
    </message>
</context>
<context>
    <name>counterpay::ui::ManagerPage</name>
    <message>
        <location filename="../ui/setup/ManagerPage.cpp" line="+15"/>
        <source>The first manager</source>
        <translation>第一位店长</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A manager&apos;s PIN approves refunds, the settings and the day&apos;s close. More people can be added later.</source>
        <translation>店长 PIN 用于批准退款、修改设置和日结。以后可以再添加人员。</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+8"/>
        <source>Manager&apos;s name</source>
        <translation>店长姓名</translation>
    </message>
    <message>
        <location line="-5"/>
        <location line="+6"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location line="-3"/>
        <location line="+4"/>
        <source>PIN again</source>
        <translation>再次输入 PIN</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The two PINs differ: type the same PIN twice.</source>
        <translation>两次输入的 PIN 不一致：请输入两次相同的 PIN。</translation>
    </message>
</context>
<context>
    <name>counterpay::ui::ManagerWindow</name>
    <message>
        <location filename="../ui/manager/ManagerWindow.cpp" line="+28"/>
        <source>Manager</source>
        <translation>经理</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shift handover</source>
        <translation>交班</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Day close</source>
        <translation>日结</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reconcile with Alipay</source>
        <translation>与支付宝对账</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Printed: %1</source>
        <translation>已打印：%1</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+14"/>
        <location line="+5"/>
        <source>Not printed</source>
        <translation>未打印</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>No receipt printer is set up ([receipt] printer in the config).</source>
        <translation>没有设置小票打印机（配置中 [receipt] 的 printer）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
</context>
<context>
    <name>counterpay::ui::NotifySettingsPage</name>
    <message>
        <location filename="../ui/settings/NotifySettingsPage.cpp" line="+12"/>
        <source>Receive Alipay&apos;s notifications (needs notify_url reaching this port)</source>
        <translation>接收支付宝异步通知（notify_url 需能到达此端口）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Listen on address</source>
        <translation>监听地址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alipay partner id (optional)</source>
        <translation>支付宝合作伙伴 ID（可选）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>16 digits starting 2088</source>
        <translation>以 2088 开头的 16 位数字</translation>
    </message>
    <message>
        <location filename="../ui/settings/NotifySettingsPage.h" line="+14"/>
        <source>Notifications</source>
        <translation>异步通知</translation>
    </message>
</context>
<context>
    <name>counterpay::ui::OrderDetailPane</name>
    <message>
        <location filename="../ui/manager/OrderDetailPane.cpp" line="+30"/>
        <source>cashier</source>
        <translation>收银员</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>query</source>
        <translation>查询</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Alipay&apos;s notification</source>
        <translation>支付宝通知</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>cancel</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>recovery</source>
        <translation>订单核对</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Alipay&apos;s answer</source>
        <translation>支付宝应答</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>manager</source>
        <translation>经理</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>asked</source>
        <translation>已申请</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>refunded</source>
        <translation>已退款</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>refused</source>
        <translation>被拒绝</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>not confirmed</source>
        <translation>未确认</translation>
    </message>
    <message>
        <location line="+35"/>
        <location line="+2"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Change</source>
        <translation>状态变化</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>By</source>
        <translation>来源</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Alipay code</source>
        <translation>支付宝返回码</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refund no.</source>
        <translation>退款单号</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Approved by</source>
        <translation>批准人</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ask Alipay again</source>
        <translation>重新向支付宝查询</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reprint receipt</source>
        <translation>补打小票</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refund…</source>
        <translation>退款…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mark resolved…</source>
        <translation>标记为已处理…</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>History</source>
        <translation>处理记录</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refunds</source>
        <translation>退款记录</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+29"/>
        <source>Choose an order to see its history.</source>
        <translation>请选择一笔订单，查看它的处理记录。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>There is no order %1.</source>
        <translation>没有订单 %1。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Needs a manager: %1</source>
        <translation>需经理处理：%1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>the outcome was never confirmed</source>
        <translation>结果一直未确认</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Order no.: %1</source>
        <translation>商户订单号：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alipay trade no.: %1</source>
        <translation>支付宝交易号：%1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>none yet</source>
        <translation>暂无</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Created: %1</source>
        <translation>创建时间：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paid by: %1</source>
        <translation>支付方式：%1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>QR code</source>
        <translation>顾客扫码</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Payment code</source>
        <translation>付款码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Terminal: %1 · Cashier: %2</source>
        <translation>终端：%1 · 收银员：%2</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Paid at: %1</source>
        <translation>到账时间：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Customer: %1</source>
        <translation>付款账号：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refunded: ¥ %1 of ¥ %2</source>
        <translation>已退款：¥ %1（订单金额 ¥ %2）</translation>
    </message>
</context>
<context>
    <name>counterpay::ui::OrderHistoryModel</name>
    <message>
        <location filename="../ui/manager/OrderHistoryModel.cpp" line="+97"/>
        <source>%1 (¥ %2 refunded)</source>
        <translation>%1（已退 ¥ %2）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>QR code</source>
        <translation>顾客扫码</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Payment code</source>
        <translation>付款码</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Needs a manager: %1</source>
        <translation>需经理处理：%1</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Paid by</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cashier</source>
        <translation>收银员</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Order no.</source>
        <translation>商户订单号</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Alipay trade no.</source>
        <translation>支付宝交易号</translation>
    </message>
</context>
<context>
    <name>counterpay::ui::OrderHistoryPage</name>
    <message>
        <location filename="../ui/manager/OrderHistoryPage.cpp" line="+37"/>
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paid (incl. partly refunded)</source>
        <translation>已到账（含部分退款）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refunded</source>
        <translation>已全额退款</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not paid</source>
        <translation>未支付</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Needs a manager</source>
        <translation>需经理处理</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In progress</source>
        <translation>进行中</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>From day</source>
        <translation>起始日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Until day</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>QR code and payment code</source>
        <translation>顾客扫码和付款码</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>QR code</source>
        <translation>顾客扫码</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Payment code</source>
        <translation>付款码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paid by</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>any cashier</source>
        <translation>全部收银员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cashier</source>
        <translation>收银员</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>from ¥</source>
        <translation>最低 ¥</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>to ¥</source>
        <translation>最高 ¥</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Smallest amount</source>
        <translation>最低金额</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Largest amount</source>
        <translation>最高金额</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Order no. or Alipay trade no. — or scan the receipt&apos;s QR code</source>
        <translation>商户订单号或支付宝交易号，也可扫小票上的二维码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search by order number</source>
        <translation>按订单号查找</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Show</source>
        <translation>查询</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>◀ Previous page</source>
        <translation>◀ 上一页</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next page ▶</source>
        <translation>下一页 ▶</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Days</source>
        <translation>日期</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Asking Alipay about every unresolved order…</source>
        <translation>正在向支付宝查询所有未确认的订单…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alipay is being asked already; the answer shows here.</source>
        <translation>已在向支付宝查询；结果会显示在这里。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Alipay was asked again.</source>
        <translation>已重新向支付宝查询。</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>No order has the number %1.</source>
        <translation>没有订单号为 %1 的订单。</translation>
    </message>
    <message numerus="yes">
        <location line="+18"/>
        <source>%n order(s) · page %1 of %2</source>
        <translation>
            <numerusform>共 %n 笔订单 · 第 %1/%2 页</numerusform>
        </translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Mark %1 resolved</source>
        <translation>将 %1 标记为已处理</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The order will be closed as not paid. What did you check (Alipay&apos;s merchant portal, the customer&apos;s phone)?</source>
        <translation>该订单将按未支付关闭。您核查了什么（支付宝商家平台、顾客手机）？</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Mark order %1 resolved</source>
        <translation>将订单 %1 标记为已处理</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Order %1 closed by %2.</source>
        <translation>订单 %1 已由 %2 关闭。</translation>
    </message>
</context>
<context>
    <name>counterpay::ui::PassphraseDialog</name>
    <message>
        <location filename="../ui/unlock/PassphraseDialog.cpp" line="+19"/>
        <source>Unlock the app private key</source>
        <translation>解锁应用私钥</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The app private key is protected by a passphrase. Type it to open the counter.</source>
        <translation>应用私钥受口令保护。请输入口令以打开收银台。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The app private key is protected by a passphrase. Type it to check the new gateway settings with Alipay before they are saved.</source>
        <translation>应用私钥受口令保护。请输入口令，以便在保存前向支付宝核验新的网关设置。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Key file: %1</source>
        <translation>密钥文件：%1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Passphrase</source>
        <translation>口令</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Type the passphrase first.</source>
        <translation>请先输入口令。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Wrong passphrase, try again.</source>
        <translation>口令错误，请重试。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>No passphrase was given, so the new gateway settings were not checked and nothing was saved.</source>
        <translation>未输入口令，新的网关设置未经核验，没有保存任何内容。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No passphrase was given, so the app private key stays locked and CounterPay stops. Start it again and type the passphrase chosen when the key was protected (counterpay-cli key protect).</source>
        <translation>未输入口令，应用私钥仍处于锁定状态，CounterPay 将退出。请重新启动，并输入保护密钥时设定的口令（counterpay-cli key protect）。</translation>
    </message>
</context>
<context>
    <name>counterpay::ui::PaymentPage</name>
    <message>
        <location filename="../ui/cashier/PaymentPage.cpp" line="+56"/>
        <location line="+69"/>
        <source>Esc  Stop</source>
        <translation>Esc  停止收款</translation>
    </message>
    <message>
        <location line="-66"/>
        <source>Stop this payment</source>
        <translation>停止本次收款</translation>
    </message>
    <message>
        <location line="+115"/>
        <source>Demo, simulate the customer:</source>
        <translation>演示，模拟顾客：</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Demo, scan a test payment code:</source>
        <translation>演示，扫一个测试付款码：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>F6  Scan</source>
        <translation>F6  扫码</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>F7  Pay</source>
        <translation>F7  付款</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>F6  Confirm on phone</source>
        <translation>F6  手机上确认</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>F8  Decline</source>
        <translation>F8  拒绝</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>F8  No balance</source>
        <translation>F8  余额不足</translation>
    </message>
    <message>
        <location line="-71"/>
        <source>Scan the customer&apos;s payment code
(Alipay 付款码)</source>
        <translation>请扫描顾客的付款码
（支付宝付款码）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Waiting for the scanner</source>
        <translation>等待扫码枪</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Esc  Back</source>
        <translation>Esc  返回</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Charging the customer&apos;s payment code</source>
        <translation>正在通过付款码收款</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Getting the QR code…</source>
        <translation>正在获取二维码…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Charging…</source>
        <translation>正在扣款…</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Time left %1:%2</source>
        <translation>剩余时间 %1:%2</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Stopping: one last check with Alipay, then the order is cancelled</source>
        <translation>正在停止：最后向支付宝确认一次，然后撤销订单</translation>
    </message>
</context>
<context>
    <name>counterpay::ui::PaymentSettingsPage</name>
    <message>
        <location filename="../ui/settings/PaymentSettingsPage.cpp" line="+12"/>
        <source>QR code shown for (seconds)</source>
        <translation>二维码显示时长（秒）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>5 to 7200; then the order is cancelled</source>
        <translation>5 到 7200；到时订单撤销</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wait for the customer&apos;s phone (seconds)</source>
        <translation>等待顾客手机确认（秒）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>5 to 600</source>
        <translation>5 到 600</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Query schedule (ms)</source>
        <translation>查询间隔（毫秒）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>interval@until, in milliseconds</source>
        <translation>间隔@截止，单位毫秒</translation>
    </message>
    <message>
        <location filename="../ui/settings/PaymentSettingsPage.h" line="+14"/>
        <source>Payment timing</source>
        <translation>收款时限</translation>
    </message>
</context>
<context>
    <name>counterpay::ui::PinDialog</name>
    <message>
        <location filename="../ui/staff/PinDialog.cpp" line="+22"/>
        <source>A manager&apos;s approval</source>
        <translation>经理批准</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+19"/>
        <source>Manager</source>
        <translation>经理</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>PIN</source>
        <translation>PIN 码</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Nobody here is a manager yet: add one with counterpay-cli people add.</source>
        <translation>还没有经理：请用 counterpay-cli people add 添加。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Type the manager&apos;s PIN, then Enter.</source>
        <translation>请输入经理的 PIN 码，然后按 Enter。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Choose the manager who approves.</source>
        <translation>请选择批准的经理。</translation>
    </message>
</context>
<context>
    <name>counterpay::ui::PinField</name>
    <message>
        <location filename="../ui/staff/PinField.cpp" line="+16"/>
        <source>PIN</source>
        <translation>PIN 码</translation>
    </message>
</context>
<context>
    <name>counterpay::ui::QrView</name>
    <message>
        <location filename="../ui/cashier/QrView.cpp" line="+10"/>
        <source>QR code for the customer to scan</source>
        <translation>供顾客扫描的二维码</translation>
    </message>
</context>
<context>
    <name>counterpay::ui::ReceiptOutput</name>
    <message>
        <location filename="../ui/receipt/ReceiptOutput.cpp" line="+27"/>
        <source>The printer did not finish the receipt within %1 s</source>
        <translation>打印机未在 %1 秒内打完小票</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>No receipt printer is set up ([receipt] printer in the configuration)</source>
        <translation>没有设置小票打印机（配置中 [receipt] 的 printer）</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>the default printer</source>
        <translation>默认打印机</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The receipt folder %1 cannot be made</source>
        <translation>无法创建小票文件夹 %1</translation>
    </message>
</context>
<context>
    <name>counterpay::ui::ReceiptSettingsPage</name>
    <message>
        <location filename="../ui/settings/ReceiptSettingsPage.cpp" line="+12"/>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>None</source>
        <translation>不打印</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PDF files</source>
        <translation>PDF 文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A printer the system knows</source>
        <translation>系统打印机</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Receipt printer (ESC/POS)</source>
        <translation>小票打印机 (ESC/POS)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Paper</source>
        <translation>纸张</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>58 mm roll</source>
        <translation>58 毫米卷纸</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>80 mm roll</source>
        <translation>80 毫米卷纸</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A4 (PDF and system printers)</source>
        <translation>A4（PDF 和系统打印机）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Print as soon as a payment is paid</source>
        <translation>到账后自动打印</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PDF folder</source>
        <translation>PDF 文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>System printer (empty: the default)</source>
        <translation>系统打印机（留空：默认打印机）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ESC/POS device</source>
        <translation>ESC/POS 设备</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ESC/POS network printer</source>
        <translation>ESC/POS 网络打印机</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ESC/POS port</source>
        <translation>ESC/POS 端口</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ESC/POS to a file</source>
        <translation>ESC/POS 输出到文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ESC/POS timeout (seconds)</source>
        <translation>ESC/POS 超时（秒）</translation>
    </message>
    <message>
        <location filename="../ui/settings/ReceiptSettingsPage.h" line="+14"/>
        <source>Printer and receipt</source>
        <translation>打印机和小票</translation>
    </message>
</context>
<context>
    <name>counterpay::ui::ReconcilePage</name>
    <message>
        <location filename="../ui/manager/ReconcilePage.cpp" line="+27"/>
        <location line="+22"/>
        <source>Business day</source>
        <translation>营业日</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>Compare with Alipay&apos;s bill</source>
        <translation>与支付宝对账单核对</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose a day and compare it with the trade bill Alipay keeps for it.</source>
        <translation>请选择日期，与支付宝当天的对账单核对。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Order no.</source>
        <translation>商户订单号</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>What differs</source>
        <translation>差异</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Book</source>
        <translation>订单库</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>What to do</source>
        <translation>处理办法</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Differences</source>
        <translation>差异列表</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Downloading Alipay&apos;s bill of %1…</source>
        <translation>正在下载支付宝 %1 的对账单…</translation>
    </message>
</context>
<context>
    <name>counterpay::ui::RefundDialog</name>
    <message>
        <location filename="../ui/manager/RefundDialog.cpp" line="+23"/>
        <source>Refund %1</source>
        <translation>订单 %1 退款</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Paid ¥ %1 · refunded so far ¥ %2 · left ¥ %3</source>
        <translation>实付 ¥ %1 · 已退 ¥ %2 · 可退 ¥ %3</translation>
    </message>
    <message>
        <location line="-40"/>
        <source>Amount to refund</source>
        <translation>退款金额</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>e.g. goods returned</source>
        <translation>例如：退货</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Refund (manager&apos;s PIN)</source>
        <translation>退款（需经理 PIN 码）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Print refund receipt</source>
        <translation>打印退款小票</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Amount (¥)</source>
        <translation>金额（¥）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason</source>
        <translation>退款原因</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Only ¥ %1 is left to refund on this order.</source>
        <translation>这笔订单最多还能退 ¥ %1。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Refund ¥ %1 of order %2</source>
        <translation>订单 %2 退款 ¥ %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not refunded: a manager&apos;s approval is needed.</source>
        <translation>未退款：需要经理批准。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Refund %1 recorded; asking Alipay…</source>
        <translation>退款 %1 已记录；正在向支付宝申请…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Refunded ¥ %1 (%2). The money goes back the way it was paid.</source>
        <translation>已退款 ¥ %1（%2）。款项将原路退回。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Alipay refused the refund: %1</source>
        <translation>支付宝拒绝了退款：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The refund&apos;s outcome is not confirmed yet: %1. It is asked again at the next start; do not refund this order another way.</source>
        <translation>退款结果尚未确认：%1。下次启动时会再次查询；请勿用其他方式为这笔订单退款。</translation>
    </message>
</context>
<context>
    <name>counterpay::ui::ResultPage</name>
    <message>
        <location filename="../ui/cashier/ResultPage.cpp" line="+99"/>
        <source>Type the next amount, or press any key</source>
        <translation>输入下一笔金额，或按任意键</translation>
    </message>
</context>
<context>
    <name>counterpay::ui::SettingsDialog</name>
    <message>
        <location filename="../ui/settings/SettingsDialog.cpp" line="+44"/>
        <source>A payment is under way: change the settings when it has ended.</source>
        <translation>正在收款：请在收款结束后再修改设置。</translation>
    </message>
    <message>
        <location line="+12"/>
        <location line="+75"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location line="-69"/>
        <source>Sections</source>
        <translation>分类</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>File: %1</source>
        <translation>文件：%1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Save anyway: the gateway could not be reached from here, so the new keys and app id are NOT checked. Payments fail until they are right.</source>
        <translation>仍然保存：从这里连不上网关，新的密钥和 APPID 都没有核验。在它们正确之前收款会失败。</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Change the counter&apos;s settings</source>
        <translation>修改收银台设置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The settings need a manager&apos;s PIN.</source>
        <translation>修改设置需要店长 PIN。</translation>
    </message>
    <message>
        <location line="+69"/>
        <source>Cannot write beside %1: %2</source>
        <translation>无法在 %1 旁写入：%2</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Asking the gateway whether it takes the new keys and app id…</source>
        <translation>正在询问网关是否接受新的密钥和 APPID…</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+28"/>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <location line="-15"/>
        <source>Nothing changed.</source>
        <translation>没有改动。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
</context>
<context>
    <name>counterpay::ui::SettingsPage</name>
    <message>
        <location filename="../ui/settings/SettingsPage.cpp" line="+123"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
</context>
<context>
    <name>counterpay::ui::SetupWizard</name>
    <message>
        <location filename="../ui/setup/SetupWizard.cpp" line="+56"/>
        <source>Set up CounterPay for real payments</source>
        <translation>设置 CounterPay 真实收款</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Save and start</source>
        <translation>保存并开始</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Cannot make the folder %1.</source>
        <translation>无法创建文件夹 %1。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The counter is saved in %1, but its private key is still in plain text: %2 Run counterpay-cli key protect --config %1 before taking payments.</source>
        <translation>收银台已保存在 %1，但私钥仍是明文：%2 收款前请运行 counterpay-cli key protect --config %1。</translation>
    </message>
</context>
<context>
    <name>counterpay::ui::ShiftPage</name>
    <message>
        <location filename="../ui/manager/ShiftPage.cpp" line="+32"/>
        <source>Hand over the shift</source>
        <translation>交班</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Nobody is signed in at this counter, so there is no shift to hand over. Once the shop&apos;s people are set up (counterpay-cli people add), each signs in at start and hands over here.</source>
        <translation>本收银台没有人登录，无需交班。门店设置人员后（counterpay-cli people add），每人开始时登录，在这里交班。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 since %2</source>
        <translation>%1，%2 起当班</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Nobody is signed in at this counter.</source>
        <translation>此收银台没有人登录。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Shift handover: %1</source>
        <translation>交班：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 handed over. Slip: %2</source>
        <translation>%1 已交班。交班单：%2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 handed over; the slip was not printed: %2</source>
        <translation>%1 已交班；交班单未打印：%2</translation>
    </message>
</context>
<context>
    <name>counterpay::ui::SignInDialog</name>
    <message>
        <location filename="../ui/staff/SignInDialog.cpp" line="+23"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Locked</source>
        <translation>已锁屏</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Who is at the counter?</source>
        <translation>现在由谁收银？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The counter is locked (%1). Type the PIN to go on.</source>
        <translation>收银台已锁屏（%1）。请输入 PIN 码继续。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 (manager)</source>
        <translation>%1（经理）</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Sign in (Enter)</source>
        <translation>登录 (Enter)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>PIN</source>
        <translation>PIN 码</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Type your PIN, then Enter.</source>
        <translation>请输入您的 PIN 码，然后按 Enter。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Choose your name first.</source>
        <translation>请先选择您的姓名。</translation>
    </message>
</context>
<context>
    <name>counterpay::ui::StatusStrip</name>
    <message>
        <location filename="../ui/cashier/StatusStrip.cpp" line="+62"/>
        <source>SANDBOX: no real money</source>
        <translation>沙箱：非真实资金</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PRODUCTION</source>
        <translation>正式环境</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>● Gateway reachable</source>
        <translation>● 网关正常</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>● Gateway unreachable</source>
        <translation>● 网关无法连接</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Orders needing attention: %1</source>
        <translation>待处理订单：%1</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Terminal %1</source>
        <translation>终端 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Terminal %1 · Cashier %2</source>
        <translation>终端 %1 · 收银员 %2</translation>
    </message>
</context>
<context>
    <name>counterpay::ui::TodayOrdersDialog</name>
    <message>
        <location filename="../ui/cashier/TodayOrdersDialog.cpp" line="+20"/>
        <location line="+11"/>
        <source>Today&apos;s orders</source>
        <translation>今日订单</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Paid by</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Order no.</source>
        <translation>商户订单号</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Alipay trade no.</source>
        <translation>支付宝交易号</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>QR code</source>
        <translation>顾客扫码</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Payment code</source>
        <translation>付款码</translation>
    </message>
    <message numerus="yes">
        <location line="+16"/>
        <source>%n order(s) today; %1 paid, ¥ %2 received</source>
        <translation>
            <numerusform>今日 %n 笔订单；%1 笔已到账，共收 ¥ %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/gui/main.cpp" line="+59"/>
        <source>CounterPay cannot start</source>
        <translation>CounterPay 无法启动</translation>
    </message>
</context>
</TS>
