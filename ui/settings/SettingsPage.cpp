#include "settings/SettingsPage.h"

#include "common/IniFile.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>

namespace counterpay::ui {

SettingsPage::SettingsPage(QWidget* parent)
    : QWidget(parent)
{
    m_form = new QFormLayout(this);
    m_form->setRowWrapPolicy(QFormLayout::DontWrapRows);
    m_form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
}

void SettingsPage::read(const IniFile& ini)
{
    for (Field& field : m_fields) {
        field.set(ini.value(field.section, field.key, field.fallback));
        field.shown = field.get();
    }
}

void SettingsPage::write(IniFile& ini) const
{
    for (const Field& field : m_fields) {
        if (field.get() != field.shown)
            ini.setValue(field.section, field.key, field.get());
    }
}

bool SettingsPage::changes(const QString& section) const
{
    for (const Field& field : m_fields) {
        if (field.section == section && field.get() != field.shown)
            return true;
    }
    return false;
}

QLineEdit* SettingsPage::addText(const QString& section, const QString& key, const QString& label,
                                 const QString& fallback, const QString& hint)
{
    auto* edit = new QLineEdit(this);
    edit->setObjectName(section + u'_' + key);
    edit->setAccessibleName(label);
    edit->setPlaceholderText(hint);
    edit->setToolTip(hint);
    m_form->addRow(label, edit);
    m_fields.append({section,
                     key,
                     fallback,
                     [edit] { return edit->text().trimmed(); },
                     [edit](const QString& value) { edit->setText(value); },
                     {}});
    return edit;
}

QCheckBox* SettingsPage::addSwitch(const QString& section, const QString& key, const QString& label, bool fallback)
{
    auto* box = new QCheckBox(label, this);
    box->setObjectName(section + u'_' + key);
    m_form->addRow(QString(), box);
    // A value the file holds that is neither true nor false is kept until the box is clicked, so that
    // loading still names the broken line.
    m_fields.append({section,
                     key,
                     fallback ? QStringLiteral("true") : QStringLiteral("false"),
                     [box] {
                         QString odd = box->property("oddValue").toString();
                         if (!odd.isEmpty())
                             return odd;
                         return box->isChecked() ? QStringLiteral("true") : QStringLiteral("false");
                     },
                     [box](const QString& value) {
                         box->setChecked(value == u"true");
                         box->setProperty("oddValue", value == u"true" || value == u"false" ? QString() : value);
                     },
                     {}});
    connect(box, &QCheckBox::clicked, box, [box] { box->setProperty("oddValue", QString()); });
    return box;
}

QComboBox* SettingsPage::addChoice(const QString& section, const QString& key, const QString& label,
                                   const Choices& choices, const QString& fallback)
{
    auto* combo = new QComboBox(this);
    combo->setObjectName(section + u'_' + key);
    combo->setAccessibleName(label);
    for (const auto& [value, words] : choices)
        combo->addItem(words, value);
    m_form->addRow(label, combo);
    m_fields.append({section,
                     key,
                     fallback,
                     [combo] { return combo->currentData().toString(); },
                     [combo](const QString& value) {
                         int at = combo->findData(value);
                         if (at < 0) {
                             // Shown as it is written, so that saving keeps it and loading names it.
                             combo->addItem(value, value);
                             at = combo->count() - 1;
                         }
                         combo->setCurrentIndex(at);
                     },
                     {}});
    return combo;
}

QLineEdit* SettingsPage::addPath(const QString& section, const QString& key, const QString& label, bool folder)
{
    auto* edit = new QLineEdit(this);
    edit->setObjectName(section + u'_' + key);
    edit->setAccessibleName(label);
    auto* browse = new QPushButton(tr("Browse…"), this);
    browse->setAutoDefault(false);
    auto* row = new QHBoxLayout;
    row->addWidget(edit, 1);
    row->addWidget(browse);
    m_form->addRow(label, row);
    m_fields.append({section,
                     key,
                     QString(),
                     [edit] { return edit->text().trimmed(); },
                     [edit](const QString& value) { edit->setText(value); },
                     {}});
    connect(browse, &QPushButton::clicked, this, [this, edit, folder, label] {
        const QDir base(m_folder);
        const QString start = base.absoluteFilePath(edit->text());
        const QString chosen = folder ? QFileDialog::getExistingDirectory(this, label, start)
                                      : QFileDialog::getOpenFileName(this, label, start);
        if (chosen.isEmpty())
            return;
        // Beside the INI file: written relative, so the folder can move as a whole.
        const QString relative = base.relativeFilePath(chosen);
        edit->setText(relative.startsWith(QStringLiteral("..")) ? chosen : relative);
    });
    return edit;
}

} // namespace counterpay::ui
