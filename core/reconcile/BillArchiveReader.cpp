#include "reconcile/BillArchiveReader.h"

#include "common/Utf8.h"

#include <QStringDecoder>

#include <zip.h>

#include <algorithm>
#include <memory>
#include <optional>

namespace counterpay::reconcile {

namespace {

Error unusable(const QString& what, const QString& detail = {})
{
    return Error::gateway(BillArchiveReader::tr("The trade bill archive cannot be read: %1").arg(what), detail);
}

struct ZipClose
{
    void operator()(zip_t* archive) const { zip_discard(archive); }
};
struct ZipFileClose
{
    void operator()(zip_file_t* file) const { zip_fclose(file); }
};
using Archive = std::unique_ptr<zip_t, ZipClose>;

Result<Archive> open(const QByteArray& bytes, const BillArchiveReader::Limits& limits)
{
    if (bytes.isEmpty())
        return unusable(BillArchiveReader::tr("it is empty, not a zip archive"));
    if (bytes.size() > limits.maxArchiveBytes)
        return unusable(BillArchiveReader::tr("it is larger than %1 bytes").arg(limits.maxArchiveBytes));
    zip_error_t error;
    zip_error_init(&error);
    // The buffer is not copied: `bytes` outlives the archive, which is read and discarded in one call.
    zip_source_t* source =
        zip_source_buffer_create(bytes.constData(), static_cast<zip_uint64_t>(bytes.size()), 0, &error);
    if (!source) {
        const QString detail = QString::fromUtf8(zip_error_strerror(&error));
        zip_error_fini(&error);
        return unusable(BillArchiveReader::tr("libzip cannot take it"), detail);
    }
    zip_t* archive = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
    if (!archive) {
        zip_source_free(source);
        const QString detail = QString::fromUtf8(zip_error_strerror(&error));
        zip_error_fini(&error);
        return unusable(BillArchiveReader::tr("it is not a zip archive, or a damaged one"), detail);
    }
    zip_error_fini(&error);
    Archive owned(archive);
    const zip_int64_t entries = zip_get_num_entries(archive, 0);
    if (entries < 0 || entries > limits.maxEntries)
        return unusable(BillArchiveReader::tr("it holds %1 entries; a bill has two").arg(entries));
    return owned;
}

// Alipay's names are GBK without the UTF-8 flag (general purpose bit 11). libzip's strict reading
// turns an unflagged name into UTF-8 from CP437, which changes every byte above 0x7F, and leaves a
// flagged one as it is: the two readings agree only for a flagged (or plain ASCII) name.
QString entryName(zip_t* archive, zip_uint64_t index)
{
    const char* raw = zip_get_name(archive, index, ZIP_FL_ENC_RAW);
    const char* strict = zip_get_name(archive, index, ZIP_FL_ENC_STRICT);
    if (!raw)
        return QString();
    const QByteArray rawBytes(raw);
    if (strict && rawBytes == QByteArray(strict))
        return Utf8::decode(rawBytes);
    QStringDecoder gbk("GB18030");
    QString name = gbk.decode(rawBytes);
    if (gbk.hasError() && strict)
        return Utf8::decode(QByteArray(strict));
    return name;
}

} // namespace

bool BillArchiveReader::isDetailFileName(const QString& name)
{
    const QString base = name.mid(name.lastIndexOf(u'/') + 1);
    return base.endsWith(QStringLiteral("业务明细.csv"), Qt::CaseInsensitive);
}

Result<QStringList> BillArchiveReader::entryNames(const QByteArray& zip, const Limits& limits)
{
    auto archive = open(zip, limits);
    if (!archive)
        return archive.error();
    QStringList names;
    const zip_int64_t entries = zip_get_num_entries(archive->get(), 0);
    for (zip_int64_t i = 0; i < entries; ++i)
        names.append(entryName(archive->get(), static_cast<zip_uint64_t>(i)));
    return names;
}

Result<BillArchiveReader::Entry> BillArchiveReader::detailFile(const QByteArray& zip, const Limits& limits)
{
    auto opened = open(zip, limits);
    if (!opened)
        return opened.error();
    zip_t* archive = opened->get();
    const zip_int64_t entries = zip_get_num_entries(archive, 0);
    QStringList names;
    std::optional<zip_uint64_t> detail;
    for (zip_int64_t i = 0; i < entries; ++i) {
        const auto index = static_cast<zip_uint64_t>(i);
        const QString name = entryName(archive, index);
        names.append(name);
        if (!isDetailFileName(name))
            continue;
        if (detail)
            return unusable(tr("it holds two detail files (业务明细.csv): %1").arg(names.join(QStringLiteral(", "))));
        detail = index;
    }
    if (!detail)
        return unusable(tr("it holds no detail file (…_业务明细.csv), only: %1")
                            .arg(names.isEmpty() ? tr("nothing") : names.join(QStringLiteral(", "))));

    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(archive, *detail, 0, &stat) != 0 || !(stat.valid & ZIP_STAT_SIZE))
        return unusable(tr("the size of %1 is unknown").arg(names.at(static_cast<qsizetype>(*detail))),
                        QString::fromUtf8(zip_strerror(archive)));
    if (stat.size > static_cast<zip_uint64_t>(limits.maxEntryBytes))
        return unusable(tr("%1 unpacks to %2 bytes, more than the %3 a bill may have")
                            .arg(names.at(static_cast<qsizetype>(*detail)))
                            .arg(stat.size)
                            .arg(limits.maxEntryBytes));

    std::unique_ptr<zip_file_t, ZipFileClose> file(zip_fopen_index(archive, *detail, 0));
    if (!file)
        return unusable(tr("%1 cannot be opened").arg(names.at(static_cast<qsizetype>(*detail))),
                        QString::fromUtf8(zip_strerror(archive)));
    // The stated size is the archive's word; what is read is capped again, a byte beyond the cap
    // being enough to refuse.
    QByteArray data;
    data.reserve(static_cast<qsizetype>(std::min<zip_uint64_t>(stat.size, zip_uint64_t{16} * 1024 * 1024)));
    char buffer[64 * 1024];
    for (;;) {
        const zip_int64_t read = zip_fread(file.get(), buffer, sizeof buffer);
        if (read < 0)
            return unusable(tr("%1 is damaged").arg(names.at(static_cast<qsizetype>(*detail))),
                            QString::fromUtf8(zip_file_strerror(file.get())));
        if (read == 0)
            break;
        if (data.size() + read > limits.maxEntryBytes)
            return unusable(tr("%1 unpacks to more than the %2 bytes a bill may have")
                                .arg(names.at(static_cast<qsizetype>(*detail)))
                                .arg(limits.maxEntryBytes));
        data.append(buffer, static_cast<qsizetype>(read));
    }
    return Entry{names.at(static_cast<qsizetype>(*detail)), data};
}

} // namespace counterpay::reconcile
