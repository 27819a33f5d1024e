#pragma once

#include "harness/session/entity_properties.h"

#include <QWidget>
#include <vector>

class QFormLayout;
class QLabel;
class QLineEdit;

namespace evsim::gui {

class SessionController;

// "What if?": the values of the part of the scenario last selected - a service's instances, a
// producer's rate, a consumer's prefetch and processing time, a queue's TTL and length limit -
// as the scenario file writes them, each editable. Enter sets the value: the scenario is read
// again and the run computed again in the background; a value the scenario cannot take is
// refused with the loader's reason and changes nothing. Save writes the file with the new
// values, everything else as the user wrote it.
class PropertiesView : public QWidget {
    Q_OBJECT
public:
    explicit PropertiesView(SessionController& controller, QWidget* parent = nullptr);

    // Shows the part a run's entity of `kind` named `name` stands for.
    void showPart(EntityKind kind, const QString& name);
    const EntityProperties& shown() const { return m_properties; }
    // The field of the property labelled `label`, or nullptr.
    QLineEdit* field(const QString& label) const;
    QString problem() const;

protected:
    // The hints' and the problem's colours follow the palette.
    void changeEvent(QEvent* event) override;

private:
    void rebuild();
    void commit(std::size_t index);

    SessionController& m_controller;
    EntityKind m_kind = EntityKind::None;
    QString m_name;
    EntityProperties m_properties;
    QLabel* m_title = nullptr;
    QWidget* m_form = nullptr;
    QFormLayout* m_rows = nullptr;
    std::vector<QLineEdit*> m_fields;
    std::vector<QLabel*> m_hints;
    QLabel* m_problem = nullptr;
};

} // namespace evsim::gui
