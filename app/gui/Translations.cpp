#include "gui/Translations.h"

#include <QApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace counterpay::gui {

QString installTranslations(QApplication& app, const QString& language)
{
    // Called again once the counter's own [display] language is known: the earlier ones go.
    static QList<QTranslator*> installed;
    for (QTranslator* translator : std::as_const(installed)) {
        QApplication::removeTranslator(translator);
        delete translator;
    }
    installed.clear();
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    const bool chinese = locale.language() == QLocale::Chinese;
    QString name = chinese ? QStringLiteral("zh_CN") : QStringLiteral("en");
    QLocale::setDefault(chinese ? QLocale(QLocale::Chinese, QLocale::China) : QLocale(QLocale::English));
    auto* own = new QTranslator(&app);
    if (own->load(QStringLiteral(":/i18n/counterpay_") + name))
        QApplication::installTranslator(own);
    installed.append(own);
    auto* qt = new QTranslator(&app);
    if (chinese && qt->load(QStringLiteral("qtbase_zh_CN"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);
    installed.append(qt);
    return name;
}

} // namespace counterpay::gui
