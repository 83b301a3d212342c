#pragma once

#include <QList>
#include <QString>
#include <QWidget>

#include <functional>
#include <utility>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLineEdit;

namespace counterpay {
class IniFile;
}

namespace counterpay::ui {

// One section of the settings dialog: a form whose fields are bound to keys of the counter's INI file.
// Only the fields a person changed are written back, so the file's diff is exactly those lines and a
// key the file never had stays absent (its default still applies).
class SettingsPage : public QWidget
{
    Q_OBJECT

public:
    explicit SettingsPage(QWidget* parent = nullptr);

    virtual QString title() const = 0;
    // The INI file's folder: relative paths start there.
    void setConfigFolder(const QString& folder) { m_folder = folder; }

    // Shows what `ini` says (a key it lacks shows its default).
    void read(const IniFile& ini);
    // Sets the keys whose fields were changed since read().
    void write(IniFile& ini) const;
    // Whether a changed field belongs to [section].
    bool changes(const QString& section) const;

protected:
    using Choices = QList<std::pair<QString, QString>>; // value in the file, words shown

    QFormLayout* form() const { return m_form; }
    QLineEdit* addText(const QString& section, const QString& key, const QString& label, const QString& fallback = {},
                       const QString& hint = {});
    QCheckBox* addSwitch(const QString& section, const QString& key, const QString& label, bool fallback);
    QComboBox* addChoice(const QString& section, const QString& key, const QString& label, const Choices& choices,
                         const QString& fallback);
    // A file or folder path beside a Browse… button; relative to the INI file's folder, as the file says.
    QLineEdit* addPath(const QString& section, const QString& key, const QString& label, bool folder = false);

private:
    struct Field
    {
        QString section;
        QString key;
        QString fallback;
        std::function<QString()> get;
        std::function<void(const QString&)> set;
        QString shown; // what read() put in the field
    };
    QString m_folder; // the INI file's folder, where Browse… starts and what paths are relative to
    QFormLayout* m_form = nullptr;
    QList<Field> m_fields;
};

} // namespace counterpay::ui
