import java.io.FileInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

// The independent answer for certificates whose issuer DN OpenSSL's RFC 2253 printer writes
// differently from Java: the same calls as Alipay's Java SDK (AntCertificationUtil.getCertSN),
// MD5 of getIssuerX500Principal().getName() + getSerialNumber().
// Usage: java CertSnOracle.java <certificate.pem>  ->  "<sn>\t<hashed text>"
public class CertSnOracle {
    public static void main(String[] args) throws Exception {
        try (FileInputStream in = new FileInputStream(args[0])) {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            String text = cert.getIssuerX500Principal().getName() + cert.getSerialNumber();
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            String sn = new BigInteger(1, md5.digest(text.getBytes(StandardCharsets.UTF_8))).toString(16);
            while (sn.length() < 32)
                sn = "0" + sn;
            System.out.println(sn + "\t" + text);
        }
    }
}
